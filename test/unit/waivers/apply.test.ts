import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'
import {exitCode} from '../../../src/report/exit-code.js'
import {applyWaivers, isoDay} from '../../../src/waivers/apply.js'
import {loadWaivers} from '../../../src/waivers/load.js'
import type {Waiver} from '../../../src/waivers/types.js'
import {labFleet} from '../../fixtures/report/fleet.js'

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/report/waivers')
const waiver = (w: Partial<Waiver>): Waiver => ({check: 'fpm/service-down', hosts: ['*'], justification: 'why', expires: '2099-01-01', source: 'w.yml:1', ...w})

describe('applyWaivers', () => {
  it('waives matching findings, recomputes statuses, and flags expired waivers', async () => {
    const file = path.join(fixtures, 'valid.yml')
    const report = applyWaivers(labFleet(), await loadWaivers(file), '2024-06-01')
    const byHost = new Map(report.hosts.map((h) => [h.host, h]))
    // web06's max-children warning is waived: the host is ok now.
    expect(byHost.get('web06')?.findings[0].waived).toEqual({
      justification: 'traffic peak from the nightly import, capacity ticket OPS-1234',
      expires: '2099-12-31',
      source: `${file}:2`,
    })
    expect(byHost.get('web06')?.status).toBe('ok')
    // fpm/* on web[04-05] covers fpm/service-down, not upstream/socket-missing.
    expect(byHost.get('web04')?.findings.map((f) => [f.check, Boolean(f.waived)])).toEqual([
      ['fpm/service-down', true],
      ['upstream/socket-missing', false],
    ])
    expect(byHost.get('web04')?.status).toBe('critical')
    // web08's waiver expired in January: the finding counts and an info says why.
    const web08 = byHost.get('web08')
    expect(web08?.findings[0].waived).toBeUndefined()
    expect(web08?.findings.at(-1)).toMatchObject({check: 'fleet/waiver-expired', severity: 'info', message: `waiver for upstream/socket-mismatch (${file}:7) expired on 2024-01-31`})
    expect(report.hosts.filter((h) => h.findings.some((f) => f.check === 'fleet/waiver-expired')).map((h) => h.host)).toEqual(['web08'])
    // web07's only finding is advice (fpm/seems-busy, info): the host reads ok (issue 14 item 3).
    expect(report.summary).toEqual({hosts: 9, ok: 5, info: 0, warning: 0, critical: 3, unreachable: 1})
  })

  it('keeps a waiver valid through its expiry day', () => {
    const report = labFleet()
    const w = [waiver({expires: '2024-05-14', hosts: ['web04', 'web05']})]
    expect(applyWaivers(report, w, '2024-05-14').hosts[3].findings[0].waived).toBeDefined()
    const after = applyWaivers(report, w, '2024-05-15')
    expect(after.hosts[3].findings[0].waived).toBeUndefined()
    expect(after.hosts[3].findings.filter((f) => f.check === 'fleet/waiver-expired')).toHaveLength(1)
  })

  it('waived findings stop counting for the exit code', () => {
    const w = [
      waiver({check: 'fpm/service-down'}),
      waiver({check: 'upstream/*'}),
      waiver({check: 'host/unreachable', hosts: ['db1']}),
    ]
    const report = applyWaivers(labFleet(), w, '2024-05-14')
    expect(exitCode(labFleet(), {failOn: 'warning'})).toBe(2)
    expect(exitCode(report, {failOn: 'warning'})).toBe(1)
    expect(exitCode(report, {failOn: 'critical'})).toBe(0)
  })

  it('matches groups when given the inventory groups', () => {
    const w = [waiver({check: 'fpm/seems-busy', hosts: ['batch']})]
    const without = applyWaivers(labFleet(), w, '2024-05-14')
    expect(without.hosts[6].findings[0].waived).toBeUndefined()
    const withGroups = applyWaivers(labFleet(), w, '2024-05-14', {groupsOf: (h) => (h === 'web07' ? ['batch'] : [])})
    expect(withGroups.hosts[6].findings[0].waived).toBeDefined()
    expect(withGroups.hosts[6].status).toBe('ok')
  })

  it("evaluates patterns over the inventory as --limit does: its groups and their order", () => {
    const report = labFleet()
    const names = report.hosts.map((h) => h.host)
    // The inventory lists web07 first in "batch", before hosts the report shows earlier.
    const inventory = {
      hosts: new Map([...names].reverse().map((n) => [n, {}])),
      groups: new Map([['batch', {name: 'batch', hosts: ['web07', names[0]], children: [], vars: {}}]]),
    }
    const w = [waiver({check: 'fpm/seems-busy', hosts: ['batch[0]']})]
    const waived = applyWaivers(report, w, '2024-05-14', {inventory})
    expect(waived.hosts[6].host).toBe('web07')
    expect(waived.hosts[6].findings[0].waived).toBeDefined()
    // batch[1] is another host: web07 keeps its finding.
    const other = applyWaivers(labFleet(), [waiver({check: 'fpm/seems-busy', hosts: ['batch[1]']})], '2024-05-14', {inventory})
    expect(other.hosts[6].findings[0].waived).toBeUndefined()
  })

  it('uses the local calendar day of a Date', () => {
    expect(isoDay(new Date(2024, 1, 29, 23, 59))).toBe('2024-02-29')
  })
})
