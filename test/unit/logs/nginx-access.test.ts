import {describe, expect, it} from 'vitest'
import {parseNginxAccessLine} from '../../../src/logs/nginx-access.js'
import {parseLog} from '../../../src/logs/window.js'
import {logLines, utc} from './helpers.js'

// $time_local carries its own offset: the host offset given here must not matter.
const ctx = {now: utc(2026, 11, 25, 18, 15, 0), utcOffset: '-0700'}

describe('nginx access log (combined)', () => {
  const lines = logLines('nginx-access.log')
  const entries = parseLog(lines, 'nginx-access', ctx)

  it('reads every recorded line as combined, with its own offset', () => {
    expect(entries).toHaveLength(lines.length)
    expect(entries.every((entry) => entry.combined)).toBe(true)
    // The first line was written while the container still ran in UTC, the rest in +0530.
    expect(entries[0].time).toBe(utc(2026, 11, 25, 18, 13, 2))
    expect(entries[1].time).toBe(utc(2026, 11, 25, 18, 13, 41))
    for (let i = 1; i < entries.length; i++) expect(entries[i].time!).toBeGreaterThanOrEqual(entries[i - 1].time!)
  })

  it('splits the fields', () => {
    const referred = entries.find((entry) => entry.userAgent === 'fleet-test/1.0')!
    expect(referred).toMatchObject({remoteAddr: '127.0.0.1', remoteUser: '-', request: 'GET /index.php HTTP/1.1', status: 200, bodyBytesSent: 13, referer: 'http://ref.example/'})
    const tooLarge = entries.filter((entry) => entry.status === 400)
    expect(tooLarge).toHaveLength(lines.filter((line) => line.includes('" 400 ')).length)
  })

  it('keeps lines of other formats, with only their [time_local]', () => {
    const custom = parseNginxAccessLine('upstream=unix:/run/php.sock rt=0.004 [25/Nov/2026:23:44:12 +0530] status=502', ctx)!
    expect(custom).toMatchObject({combined: false, time: utc(2026, 11, 25, 18, 14, 12)})
    expect(custom.status).toBeUndefined()
    const json = parseNginxAccessLine('{"time":"2026-11-25T23:44:12+05:30","status":502}', ctx)!
    expect(json).toMatchObject({combined: false, time: null})
    expect(parseNginxAccessLine('', ctx)).toBeNull()
  })

  it('reads the common format (no referer/agent) and escaped quotes', () => {
    const line = '10.0.0.9 - bob [01/Jan/2027:00:00:05 -0800] "GET /a?q=\\x22x\\x22 HTTP/1.1" 404 0'
    expect(parseNginxAccessLine(line, ctx)).toMatchObject({combined: true, remoteUser: 'bob', status: 404, request: 'GET /a?q=\\x22x\\x22 HTTP/1.1', time: utc(2027, 1, 1, 8, 0, 5)})
  })
})
