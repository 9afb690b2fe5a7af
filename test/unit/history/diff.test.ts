import {describe, expect, it} from 'vitest'
import {changedPart, diffReports, onlyChanges} from '../../../src/history/diff.js'
import {recompute} from '../../../src/report/status.js'
import {finding, labFleet, oneHost} from '../../fixtures/report/fleet.js'

const busy = (n: number) => finding('fpm/max-children-reached', 'warning', `pool www reached pm.max_children (5) ${n} times in window`)
const down = finding('fpm/service-down', 'critical', 'php8.2-fpm.service is inactive (dead)')

describe('diffReports', () => {
  it('marks everything added on the first run', () => {
    const diffed = diffReports(null, labFleet())
    const changes = diffed.hosts.flatMap((h) => h.findings.map((f) => f.change))
    expect(new Set(changes)).toEqual(new Set(['added']))
    expect(onlyChanges(diffed)).toBe(true)
  })

  it('sees nothing new when the same fleet is checked twice', () => {
    const diffed = diffReports(labFleet(), labFleet())
    expect(diffed.hosts.flatMap((h) => h.findings).every((f) => f.change === 'unchanged')).toBe(true)
    expect(onlyChanges(diffed)).toBe(false)
    expect(diffed.hosts.every((h) => h.previousStatus === h.status)).toBe(true)
  })

  it('treats a changed count as the same finding', () => {
    const diffed = diffReports(oneHost([busy(3)]), oneHost([busy(17)]))
    expect(diffed.hosts[0].findings.map((f) => [f.message, f.change])).toEqual([[busy(17).message, 'unchanged']])
    expect(onlyChanges(diffed)).toBe(false)
  })

  it('lists added and removed findings; removed ones do not count toward status', () => {
    const diffed = diffReports(oneHost([down]), oneHost([busy(2)]))
    expect(diffed.hosts[0].findings.map((f) => [f.check, f.change])).toEqual([
      ['fpm/max-children-reached', 'added'],
      ['fpm/service-down', 'removed'],
    ])
    expect(diffed.hosts[0].status).toBe('warning')
    expect(diffed.hosts[0].previousStatus).toBe('critical')
    expect(diffed.summary).toMatchObject({warning: 1, critical: 0})
    expect(onlyChanges(diffed)).toBe(true)
    expect(changedPart(diffed).hosts[0].findings).toHaveLength(2)
  })

  it('matches duplicates one to one', () => {
    const diffed = diffReports(oneHost([down, down]), oneHost([down]))
    expect(diffed.hosts[0].findings.map((f) => f.change)).toEqual(['unchanged', 'removed'])
  })

  it('reports a status change even without finding changes', () => {
    const prev = oneHost([], {error: {kind: 'timeout', message: 'timed out'}})
    const diffed = diffReports(prev, oneHost([]))
    expect(diffed.hosts[0].previousStatus).toBe('unreachable')
    expect(onlyChanges(diffed)).toBe(true)
  })

  it('cuts a report to the changed hosts', () => {
    const prev = labFleet()
    const cur = labFleet()
    cur.hosts[6].findings = []
    const part = changedPart(diffReports(prev, recompute(cur)))
    expect(part.hosts.map((h) => h.host)).toEqual(['web07'])
    expect(part.hosts[0].findings.map((f) => f.change)).toEqual(['removed'])
  })
})
