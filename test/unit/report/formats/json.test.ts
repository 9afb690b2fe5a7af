import {describe, expect, it} from 'vitest'
import {getFormatter} from '../../../../src/report/formats/index.js'
import {finding, HOSTILE, labFleet, oneHost} from '../../../fixtures/report/fleet.js'

describe('json', () => {
  it('renders the version 1 contract and nothing else', () => {
    const parsed = JSON.parse(getFormatter('json').render(labFleet(), {}))
    expect(Object.keys(parsed).sort()).toEqual(['durationMs', 'hosts', 'startedAt', 'summary', 'version'])
    expect(parsed.version).toBe(1)
    expect(parsed.summary).toEqual({hosts: 9, ok: 4, info: 0, warning: 1, critical: 3, unreachable: 1})
    const web04 = parsed.hosts.find((h: {host: string}) => h.host === 'web04')
    expect(Object.keys(web04).sort()).toEqual(['address', 'cause', 'error', 'findings', 'host', 'status'])
    expect(Object.keys(web04.findings[0]).sort()).toEqual(['check', 'evidence', 'fix', 'message', 'severity'])
    const db1 = parsed.hosts.find((h: {host: string}) => h.host === 'db1')
    expect(db1.error).toEqual({kind: 'host-key-changed', message: expect.stringContaining('known_hosts:3')})
    expect(parsed.hosts.find((h: {host: string}) => h.host === 'web08').skipped).toEqual([{check: 'system/oom-kill', reason: 'kernel log not readable (dmesg_restrict)'}])
  })

  it('adds waived and change only when present, and keeps evidence but no control characters', () => {
    const w = {justification: 'ok', expires: '2099-01-01', source: 'w.yml:2'}
    const report = oneHost([finding('fpm/seems-busy', 'info', 'busy', {waived: w, change: 'added', evidence: [HOSTILE]})])
    const parsed = JSON.parse(getFormatter('json').render(report, {}))
    expect(parsed.hosts[0].findings[0].waived).toEqual(w)
    expect(parsed.hosts[0].findings[0].change).toBe('added')
    // ESC, BEL, CR, BS, 8-bit CSI and the bidi override as visible escapes; the text around them as it was.
    expect(parsed.hosts[0].findings[0].evidence).toEqual([
      '\\x1b[31mred\\x1b[0m \\x1b]0;pwned-title\\x07 bell\\x07 cr\\x0d back\\x08 csi8\\x9b2J \\u{202e}evil',
    ])
  })
})

describe('jsonl', () => {
  it('writes one parseable line per host, then the summary', () => {
    const lines = getFormatter('jsonl').render(labFleet(), {}).trimEnd().split('\n')
    expect(lines).toHaveLength(10)
    const objects = lines.map((l) => JSON.parse(l))
    expect(objects.slice(0, 9).map((o) => [o.type, o.host])).toEqual(
      ['web01', 'web02', 'web03', 'web04', 'web05', 'web06', 'web07', 'web08', 'db1'].map((h) => ['host', h]),
    )
    expect(objects[9]).toMatchObject({type: 'summary', hosts: 9, critical: 3, unreachable: 1})
  })
})
