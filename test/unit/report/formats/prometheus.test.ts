import {spawnSync} from 'node:child_process'
import {describe, expect, it} from 'vitest'
import {escapeLabelValue, renderPrometheus} from '../../../../src/report/formats/prometheus.js'
import {finding, labFleet, oneHost} from '../../../fixtures/report/fleet.js'

// promtool ships with Debian's prometheus package (apt-get install prometheus).
const promtool = process.env.PROMTOOL ?? 'promtool'
const hasPromtool = spawnSync(promtool, ['--version']).status === 0

function promtoolCheck(text: string): {status: number | null; output: string} {
  const r = spawnSync(promtool, ['check', 'metrics'], {input: text, encoding: 'utf8'})
  return {status: r.status, output: `${r.stdout}${r.stderr}`}
}

describe('prometheus', () => {
  it.skipIf(!hasPromtool)('passes promtool check metrics, including hostile label values', () => {
    const report = labFleet()
    report.hosts[0].host = 'we"b\\01\nx'
    report.hosts[5].findings.push({...report.hosts[5].findings[0]})
    const result = promtoolCheck(renderPrometheus(report, {}))
    expect(result.output).toBe('')
    expect(result.status).toBe(0)
  })

  it.skipIf(!hasPromtool)('passes promtool for an empty fleet', () => {
    const report = {...labFleet(), hosts: [], summary: {hosts: 0, ok: 0, info: 0, warning: 0, critical: 0, unreachable: 0}}
    const result = promtoolCheck(renderPrometheus(report, {now: new Date('2024-05-14T10:00:00Z')}))
    expect(result.output).toBe('')
    expect(result.status).toBe(0)
  })

  it.skipIf(!hasPromtool)('promtool really rejects broken exposition (the check can fail)', () => {
    expect(promtoolCheck('fleet_host_up{host="a} 1\n').status).not.toBe(0)
  })

  it('exposes host up, check status, findings by severity and run timing', () => {
    const text = renderPrometheus(labFleet(), {})
    expect(text).toContain('fleet_host_up{host="db1"} 0')
    expect(text).toContain('fleet_host_up{host="web01"} 1')
    expect(text).toContain('fleet_check_status{host="web04",check="fpm/service-down",severity="critical"} 1')
    expect(text).toContain('fleet_findings{host="web04",severity="critical"} 2')
    expect(text).toContain('fleet_findings{host="web01",severity="warning"} 0')
    expect(text).toContain(`fleet_last_run_timestamp_seconds ${(Date.parse('2024-05-14T10:05:00.000Z') + 4321) / 1000}`)
    expect(text).toContain('fleet_run_duration_seconds 4.321')
    expect(text).toMatch(/# HELP fleet_check_status .+\n# TYPE fleet_check_status gauge\n/)
  })

  it('leaves waived findings out of the alerting series', () => {
    const w = {justification: 'known', expires: '2099-01-01', source: 'w.yml:1'}
    const text = renderPrometheus(oneHost([finding('fpm/service-down', 'critical', 'down', {waived: w})]), {now: new Date(0)})
    expect(text).not.toContain('fleet_check_status{')
    expect(text).toContain('fleet_findings{host="web01",severity="critical"} 0')
  })

  it.each([
    ['plain', 'plain'],
    ['a"b', 'a\\"b'],
    ['a\\b', 'a\\\\b'],
    ['a\nb', 'a\\nb'],
  ])('escapes label value %j', (input, expected) => {
    expect(escapeLabelValue(input)).toBe(expected)
  })
})

describe('prometheus series identity', () => {
  it('writes one fleet_check_status series per host, check and severity even when a check fires twice', () => {
    const report = labFleet()
    const host = report.hosts.find((entry) => entry.findings.length > 0)!
    host.findings.push({...host.findings[0], message: `${host.findings[0].message} (a second socket)`})
    const series = renderPrometheus(report, {})
      .split('\n')
      .filter((line) => line.startsWith('fleet_check_status{'))
      .map((line) => line.replace(/ [^ ]+$/, ''))
    expect(series.length).toBeGreaterThan(0)
    expect(new Set(series).size).toBe(series.length)
  })
})
