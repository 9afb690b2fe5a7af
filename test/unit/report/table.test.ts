import {describe, expect, it} from 'vitest'
import {renderTable} from '../../../src/report/table.js'
import {finding, HOSTILE, labFleet, oneHost} from '../../fixtures/report/fleet.js'

// eslint-disable-next-line no-control-regex
const ACTIVE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/
// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[[0-9;]*m/g

describe('renderTable', () => {
  const plain = renderTable(labFleet(), {color: false})

  it('has one row per host with its columns and worst finding', () => {
    for (const name of ['web01', 'web04', 'web08', 'db1']) expect(plain).toMatch(new RegExp(`│ ${name} +│`))
    const web04 = plain.split('\n').find((l) => l.includes('│ web04'))
    // The worst finding by ID (+ how many more at warning or worse); the cause column carries the words.
    expect(web04).toMatch(/│ critical +│ active +│ inactive +│ ok +│ missing +│ fpm\/service-down \+1 +│ PHP-FPM is stopped/)
    expect(plain).toMatch(/│ db1 +│ unreachable +│ - /)
  })

  it('groups findings by check, severity first, with folded host ranges', () => {
    const order = ['CRITICAL  fpm/service-down', 'CRITICAL  host/unreachable', 'CRITICAL  upstream/socket-missing', 'WARNING  fpm/max-children-reached', 'INFO  fpm/seems-busy']
    const positions = order.map((h) => plain.indexOf(h))
    expect(positions.every((p) => p >= 0)).toBe(true)
    expect([...positions].sort((a, b) => a - b)).toEqual(positions)
    expect(plain).toContain('  web[04-05]: php8.2-fpm.service is inactive (dead), nginx passes to it')
    expect(plain).toContain('CRITICAL  fpm/service-down  (2 hosts)')
    expect(plain).toContain('    > ActiveState=inactive')
  })

  it('ends with the one-line summary', () => {
    expect(plain.trimEnd().split('\n').at(-1)).toBe('9 hosts: 4 ok, 1 warning, 3 critical, 1 unreachable')
  })

  it('never lets host output reach the terminal raw', () => {
    const report = oneHost([finding('fpm/child-killed', 'warning', `child exited ${HOSTILE}`, {evidence: [HOSTILE]})], {cause: HOSTILE})
    for (const color of [false, true]) {
      const out = renderTable(report, {color}).replace(SGR, '')
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
    expect(coloured).toContain('\u001b[32mok\u001b[0m')
    expect(coloured.replace(SGR, '')).toBe(plain)
  })

  it('fits the given width', () => {
    const out = renderTable(labFleet(), {color: false, width: 120})
    const tableLines = out.split('\n').filter((l) => /^[┌│├└]/.test(l))
    for (const line of tableLines) expect([...line].length).toBeLessThanOrEqual(120)
  })

  it('shows waived and resolved findings apart from live ones', () => {
    const report = oneHost([
      finding('fpm/seems-busy', 'info', 'busy', {waived: {justification: 'batch jobs at night', expires: '2099-12-31', source: 'waivers.yml:3'}}),
      finding('fpm/service-down', 'critical', 'php8.2-fpm.service is inactive', {change: 'removed'}),
      finding('fpm/max-children-reached', 'warning', 'pool www reached max', {change: 'added'}),
    ])
    const out = renderTable(report, {color: false})
    expect(out.indexOf('Waived')).toBeGreaterThan(out.indexOf('Findings'))
    expect(out).toContain('waived until 2099-12-31: batch jobs at night (waivers.yml:3)')
    expect(out).toMatch(/Resolved since the last run\n\nCRITICAL {2}fpm\/service-down/)
    expect(out).toContain('pool www reached max [new]')
    expect(out.trimEnd().split('\n').at(-1)).toBe('1 host: 0 ok, 1 warning, 1 waived finding')
  })
})
