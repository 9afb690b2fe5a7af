/**
 * A log line is written by whoever can make the host log it: what `fleet logs` prints of
 * it goes through the one sanitiser (escape sequences, bidi controls become visible escapes).
 */
import {describe, expect, it} from 'vitest'

import type {LogEvent} from '../../../src/logs-view/events.js'
import {LogFolder} from '../../../src/logs-view/fold.js'
import {maskMessage} from '../../../src/logs-view/mask.js'
import {renderView, type LogsView} from '../../../src/logs-view/render.js'
import {isClean, sanitizeDeep} from '../../../src/report/sanitize.js'

describe('rendering folded lines', () => {
  const raw = '2026/11/25 18:26:31 [error] 66#66: *1 open() "/srv/\u001b]0;owned\u0007\u202e.php" failed (2: No such file or directory), client: 10.0.0.1'
  const event: LogEvent = {host: 'web01', source: 'nginx', level: 'error', time: 1_795_631_191, key: `[error] ${maskMessage(raw.slice(39))}`, raw, path: '/var/log/nginx/error.log'}
  const folder = new LogFolder(['web01'])
  folder.add([event])
  const view: LogsView = {version: 1, windowSeconds: 900, hosts: [{host: 'web01', ok: true, truncated: []}], lines: folder.lines(), summary: {lines: 1, events: 1, hosts: 1, unreadable: 0}}

  it('prints no control or bidi character of the host, in text and JSON', () => {
    const text = renderView(sanitizeDeep(view))
    expect(isClean(text)).toBe(true)
    expect(text).toContain('\\x1b]0;owned\\x07\\u{202e}')
    expect(text).toMatch(/^1x {2}nginx error {2}web01 {2}2026-11-25T18:26:31Z$/m)
    expect(isClean(JSON.stringify(sanitizeDeep(view)))).toBe(true)
    expect(JSON.stringify(sanitizeDeep(view))).not.toContain('\\u001b')
  })
})
