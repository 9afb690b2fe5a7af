import {describe, expect, it} from 'vitest'
import {renderTable} from '../../../src/report/table.js'
import {finding, HOSTILE, labFleet, oneHost} from '../../fixtures/report/fleet.js'

// eslint-disable-next-line no-control-regex
const ACTIVE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/
// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[[0-9;]*m/g

describe('renderTable', () => {
  const plain = renderTable(labFleet(), {color: false})

  it('prints one line per host that is not ok: name, status, cause; then the summary', () => {
    const lines = plain.trimEnd().split('\n')
    expect(lines).toEqual([
      'web04  critical     PHP-FPM is stopped: nginx answers 502',
      'web05  critical     PHP-FPM is stopped: nginx answers 502',
      'web06  warning      FPM pool www saturated',
      'web08  critical     nginx and FPM disagree on the socket path',
      'db1    unreachable  host-key-changed: host key for 10.77.20.2 does not match known_hosts:3 (possible man-in-the-middle)',
      '',
      '9 hosts: 4 ok, 1 warning, 3 critical, 1 unreachable',
    ])
  })

  it.each([80, 120, 200])('fits %i columns, one line per host', (width) => {
    const out = renderTable(labFleet(), {color: true, width})
    const lines = out.replace(SGR, '').trimEnd().split('\n')
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(width)
    expect(lines).toHaveLength(7)
    const db1 = lines.find((l) => l.startsWith('db1'))!
    if (width < 110) expect(db1).toMatch(/…$/)
    else expect(db1).toMatch(/\(possible man-in-the-middle\)$/)
  })

  it('piped (no width): nothing is cut or wrapped', () => {
    const long = 'x'.repeat(150)
    const out = renderTable(oneHost([finding('fpm/service-down', 'critical', long)], {cause: `fpm/service-down: ${long}`}), {color: false})
    expect(out.split('\n')[0]).toBe(`web01  critical     fpm/service-down: ${long}`)
  })

  it('a host that is ok, or below --severity, has no line', () => {
    const report = oneHost([finding('host/partial', 'info', 'kernel-log not collected')], {skipped: [{check: 'system/oom-kill', reason: 'kernel log not readable'}]})
    expect(renderTable(report, {color: false}).split('\n')[0]).toBe('web01  info         host/partial (skipped system/oom-kill): kernel-log not collected')
    expect(renderTable(report, {color: false, view: {minSeverity: 'warning'}})).toBe('1 host: 0 ok, 1 info\n')
    expect(renderTable(oneHost([]), {color: false})).toBe('1 host: 1 ok\n')
  })

  it('-v adds every host and the finding blocks, grouped by check, severity first, with folded host ranges', () => {
    expect(plain).not.toContain('Findings')
    const verbose = renderTable(labFleet(), {color: false, view: {verbose: true}})
    expect(verbose).toMatch(/^web01 {2}ok$/m)
    const order = ['CRITICAL  fpm/service-down', 'CRITICAL  host/unreachable', 'CRITICAL  upstream/socket-missing', 'WARNING  fpm/max-children-reached', 'INFO  fpm/seems-busy']
    const positions = order.map((h) => verbose.indexOf(h))
    expect(positions.every((p) => p >= 0)).toBe(true)
    expect([...positions].sort((a, b) => a - b)).toEqual(positions)
    expect(verbose).toContain('  web[04-05]: php8.2-fpm.service is inactive (dead), nginx passes to it')
    expect(verbose).toContain('CRITICAL  fpm/service-down  (2 hosts)')
    expect(verbose).toContain('    > ActiveState=inactive')
  })

  it('--severity warning hides info findings from the blocks', () => {
    const out = renderTable(labFleet(), {color: false, view: {verbose: true, minSeverity: 'warning'}})
    expect(out).toContain('WARNING  fpm/max-children-reached')
    expect(out).not.toContain('fpm/seems-busy')
  })

  it('elides evidence past three lines, and --evidence all prints every line', () => {
    const evidence = Array.from({length: 13}, (_, i) => `line ${i + 1}`)
    const report = oneHost([finding('fpm/child-killed', 'warning', 'child exited on SIGKILL', {evidence})])
    const some = renderTable(report, {color: false, view: {verbose: true}})
    expect(some).toContain('    > line 3\n      (10 more lines; --evidence all shows them)')
    expect(some).not.toContain('line 4')
    const all = renderTable(report, {color: false, view: {verbose: true, evidence: 'all'}})
    for (const line of evidence) expect(all).toContain(`    > ${line}\n`)
    expect(all).not.toContain('more lines')
  })

  it('never lets host output reach the terminal raw', () => {
    const report = oneHost([finding('fpm/child-killed', 'warning', `child exited ${HOSTILE}`, {evidence: [HOSTILE]})], {cause: HOSTILE})
    for (const color of [false, true]) {
      const out = renderTable(report, {color, view: {verbose: true}}).replace(SGR, '')
      expect(out).not.toMatch(ACTIVE)
      // Inert and visible: the operator sees that the host sent an escape sequence.
      expect(out).toContain('\\x1b]0;pwned-title\\x07')
      expect(out).not.toContain('\u001b')
    }
  })

  it('colours only when asked', () => {
    expect(plain).not.toContain('\u001b')
    const coloured = renderTable(labFleet(), {color: true})
    expect(coloured).toContain('\u001b[31mcritical\u001b[0m')
    expect(coloured.replace(SGR, '')).toBe(plain)
    const verbose = renderTable(labFleet(), {color: true, view: {verbose: true}})
    expect(verbose).toContain('\u001b[32mok\u001b[0m')
    expect(verbose.replace(SGR, '')).toBe(renderTable(labFleet(), {color: false, view: {verbose: true}}))
  })

  it('shows waived and resolved findings apart from live ones', () => {
    const report = oneHost([
      finding('fpm/seems-busy', 'info', 'busy', {waived: {justification: 'batch jobs at night', expires: '2099-12-31', source: 'waivers.yml:3'}}),
      finding('fpm/service-down', 'critical', 'php8.2-fpm.service is inactive', {change: 'removed'}),
      finding('fpm/max-children-reached', 'warning', 'pool www reached max', {change: 'added'}),
    ])
    const out = renderTable(report, {color: false, view: {verbose: true}})
    expect(out.indexOf('Waived')).toBeGreaterThan(out.indexOf('Findings'))
    expect(out).toContain('waived until 2099-12-31: batch jobs at night (waivers.yml:3)')
    expect(out).toMatch(/Resolved since the last run\n\nCRITICAL {2}fpm\/service-down/)
    expect(out).toContain('pool www reached max [new]')
    expect(out.trimEnd().split('\n').at(-1)).toBe('1 host: 0 ok, 1 warning, 1 waived finding')
  })
})
