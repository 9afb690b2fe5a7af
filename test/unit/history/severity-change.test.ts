/** Issue 14 item 8: --diff shows a severity change as "changed: warning -> info", not one new and one resolved. */
import {describe, expect, it} from 'vitest'

import {changedPart, diffReports, onlyChanges} from '../../../src/history/diff.js'
import {getFormatter} from '../../../src/report/formats/index.js'
import {finding, oneHost} from '../../fixtures/report/fleet.js'

const order = (severity: 'warning' | 'info', message = 'request_terminate_timeout is off in pool www') =>
  finding('timeouts/order', severity, message)

describe('a finding whose severity changed', () => {
  it('with the same message: one finding, change "changed", previousSeverity kept', () => {
    const diffed = diffReports(oneHost([order('warning')]), oneHost([order('info')]))
    expect(diffed.hosts[0].findings.map((f) => [f.check, f.severity, f.change, f.previousSeverity])).toEqual([['timeouts/order', 'info', 'changed', 'warning']])
    expect(onlyChanges(diffed)).toBe(true)
    expect(changedPart(diffed).hosts[0].findings).toHaveLength(1)
  })

  it('with another message of the same kind: still one changed finding', () => {
    const diffed = diffReports(oneHost([order('warning', 'nginx times out first')]), oneHost([order('info', 'off, nginx 60s guards it')]))
    expect(diffed.hosts[0].findings.map((f) => [f.change, f.previousSeverity])).toEqual([['changed', 'warning']])
  })

  it('is shown as "changed: warning -> info" in the table and carries previousSeverity in JSON', () => {
    const diffed = diffReports(oneHost([order('warning')]), oneHost([order('info')]))
    // `check --diff` shows the finding blocks (the default view lists only hosts that are not ok).
    const table = getFormatter('table').render(diffed, {color: false, view: {verbose: true}})
    expect(table).toContain('[changed: warning -> info]')
    expect(table).not.toMatch(/\[new\]|Resolved since the last run/)
    expect(getFormatter('markdown').render(diffed, {color: false})).toContain('**changed: warning -> info**')
    const json = JSON.parse(getFormatter('json').render(diffed, {color: false}))
    expect(json.hosts[0].findings).toEqual([expect.objectContaining({severity: 'info', change: 'changed', previousSeverity: 'warning'})])
  })

  it('an unrelated finding is still added, and the gone one removed', () => {
    const diffed = diffReports(oneHost([finding('fpm/service-down', 'critical', 'php8.2-fpm is inactive')]), oneHost([order('info')]))
    expect(diffed.hosts[0].findings.map((f) => f.change)).toEqual(['added', 'removed'])
  })
})
