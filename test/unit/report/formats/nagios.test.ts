import {describe, expect, it} from 'vitest'
import type {Finding} from '../../../../src/checks/types.js'
import {nagiosExitCode, renderNagios} from '../../../../src/report/formats/nagios.js'
import {finding, HOSTILE, labFleet, oneHost} from '../../../fixtures/report/fleet.js'

// Perfdata per the Monitoring Plugins guidelines: 'label'=value[UOM];[warn];[crit];[min];[max]
const PERF = /^[^=' ]+=-?\d+(\.\d+)?(s|%|B|KB|MB|TB|c)?(;[^; ]*){0,4}$/

describe('nagios', () => {
  it('prints the status line with guideline perfdata, then long output', () => {
    const [status, ...long] = renderNagios(labFleet()).trimEnd().split('\n')
    const [text, perf] = status.split(' | ')
    expect(text).toBe('FLEET CRITICAL - 3 critical, 1 warning, 1 unreachable of 9 hosts')
    for (const item of perf.split(' ')) expect(item).toMatch(PERF)
    expect(perf).toContain('hosts=9;;;0')
    expect(perf).toContain('critical=3;;0;0;9')
    expect(long[0]).toMatch(/^\[UNREACHABLE\] db1: host-key-changed: /)
    expect(long).toContain('[CRITICAL] fpm/service-down web[04-05]: php8.2-fpm.service is inactive (dead), nginx passes to it')
  })

  it('keeps pipes and control characters out of the output', () => {
    const out = renderNagios(oneHost([finding('fpm/child-killed', 'warning', `a | b ${HOSTILE}`)]))
    expect(out.split('|')).toHaveLength(2)
    expect(out).not.toContain('\u001b')
    expect(out).not.toContain('\r')
  })

  const warn = finding('fpm/max-children-reached', 'warning', 'max')
  const crit = finding('fpm/service-down', 'critical', 'down')
  const unreachable = (findings: Finding[] = []) => {
    const r = oneHost([finding('host/unreachable', 'critical', 'refused')], {error: {kind: 'refused', message: 'refused'}})
    const other = oneHost(findings).hosts[0]
    r.hosts.push({...other, host: 'web02'})
    return r
  }
  it.each([
    ['ok', oneHost([]), 0, 'FLEET OK - 1 of 1 hosts ok'],
    ['info only', oneHost([finding('fpm/seems-busy', 'info', 'busy')]), 0, 'FLEET OK'],
    ['warning', oneHost([warn]), 1, 'FLEET WARNING - 1 warning of 1 hosts'],
    ['critical', oneHost([warn, crit]), 2, 'FLEET CRITICAL'],
    ['unreachable only', unreachable(), 3, 'FLEET UNKNOWN'],
    ['unreachable and warning', unreachable([warn]), 1, 'FLEET WARNING'],
    ['unreachable and critical', unreachable([crit]), 2, 'FLEET CRITICAL'],
  ])('%s => %i', (_name, report, code, prefix) => {
    expect(nagiosExitCode(report)).toBe(code)
    expect(renderNagios(report).startsWith(prefix)).toBe(true)
  })
})
