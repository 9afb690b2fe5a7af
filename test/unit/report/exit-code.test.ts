import {describe, expect, it} from 'vitest'
import type {Finding} from '../../../src/checks/types.js'
import {EX_DATAERR, EX_USAGE, exitCode} from '../../../src/report/exit-code.js'
import {recompute} from '../../../src/report/status.js'
import type {FleetReport} from '../../../src/report/types.js'
import {finding, labFleet, oneHost} from '../../fixtures/report/fleet.js'

const warn = finding('fpm/max-children-reached', 'warning', 'pool www reached pm.max_children (5)')
const crit = finding('fpm/service-down', 'critical', 'php8.2-fpm.service is inactive')
const info = finding('fpm/seems-busy', 'info', 'pool www seems busy')
const unreach = finding('host/unreachable', 'critical', 'connection refused')
const waived = (f: Finding): Finding => ({...f, waived: {justification: 'known', expires: '2099-01-01', source: 'w.yml:1'}})
const removed = (f: Finding): Finding => ({...f, change: 'removed'})

function unreachableHost(findings: Finding[] = [unreach]): FleetReport {
  return oneHost(findings, {error: {kind: 'refused', message: 'connect ECONNREFUSED 10.77.1.2:22'}})
}

function merge(...reports: FleetReport[]): FleetReport {
  const hosts = reports.flatMap((r, i) => r.hosts.map((h) => ({...h, host: `${h.host}-${i}`})))
  return recompute({...reports[0], hosts})
}

describe('exitCode', () => {
  const cases: Array<[string, FleetReport, 'warning' | 'critical', number]> = [
    ['clean fleet', oneHost([]), 'warning', 0],
    ['info only', oneHost([info]), 'warning', 0],
    ['warning, fail on warning', oneHost([warn]), 'warning', 1],
    ['warning, fail on critical', oneHost([warn]), 'critical', 0],
    ['critical', oneHost([crit, warn]), 'warning', 2],
    ['critical, fail on critical', oneHost([crit]), 'critical', 2],
    ['unreachable only', unreachableHost(), 'warning', 3],
    ['unreachable without a host/unreachable finding', unreachableHost([]), 'critical', 3],
    ['unreachable and a warning elsewhere', merge(unreachableHost(), oneHost([warn])), 'warning', 3],
    ['unreachable and a critical elsewhere', merge(unreachableHost(), oneHost([crit])), 'warning', 2],
    ['waived critical', oneHost([waived(crit)]), 'warning', 0],
    ['waived critical with a live warning', oneHost([waived(crit), warn]), 'warning', 1],
    ['waived unreachable', unreachableHost([waived(unreach)]), 'warning', 0],
    ['removed critical (resolved since last run)', oneHost([removed(crit)]), 'warning', 0],
    ['lab fleet', labFleet(), 'warning', 2],
  ]
  it.each(cases)('%s => exit %#', (_name, report, failOn, expected) => {
    expect(exitCode(report, {failOn})).toBe(expected)
  })

  it('exports the sysexits codes', () => {
    expect([EX_USAGE, EX_DATAERR]).toEqual([64, 65])
  })
})
