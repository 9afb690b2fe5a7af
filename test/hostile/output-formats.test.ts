/**
 * Every report format, enumerated from the format registry (a format added there is covered
 * here without a line of this file changing), renders a report in which every string a host or
 * inventory can influence carries escape sequences, C0/C1 controls, bidi overrides, U+2028 and
 * lone surrogates. No such code point may survive raw; the visible escape must.
 */
import {describe, expect, it} from 'vitest'

import {renderReport} from '../../src/cli/render.js'
import {FORMATTERS} from '../../src/report/formats/index.js'
import {finding, labFleet} from '../fixtures/report/fleet.js'
import {firstForbidden, poison, VISIBLE} from './hostile.js'

/** The lab fleet plus the optional fields (waiver, skipped, previous status), every string poisoned. */
function hostileFleet() {
  const report = labFleet()
  report.hosts[6].findings.push(
    finding('fpm/slow-requests', 'info', 'pool www: 2 slow requests', {
      evidence: ['[14-May-2024 10:01:02] WARNING: [pool www] child 41, script \'/var/www/app/index.php\' executing too slow', 'second line\nwith a line feed\tand a tab'],
      waived: {justification: 'known slow report', expires: '2099-01-01', source: 'waivers.yml:3'},
    }),
  )
  report.hosts[0].previousStatus = 'warning'
  return poison(report)
}

// Our own colours are the only escape sequences a table may hold (the payload's SGR is 5;41, never ours).
const OWN_SGR = /\u001b\[(?:0|1|2|31|32|33|34|35|36)m/g

describe.each(FORMATTERS.map((f) => [f.name, f] as const))('format %s with hostile host text', (_name, formatter) => {
  it('lets no control, bidi or lone surrogate through raw, and shows each as a visible escape', () => {
    const out = formatter.render(hostileFleet(), {checkIds: undefined, now: new Date(0)})
    expect(firstForbidden(out)).toBeNull()
    for (const [what, visible] of VISIBLE) expect(out, what).toMatch(visible)
  })

  it('with colour on, holds no escape sequence but its own colours', () => {
    const out = formatter.render(hostileFleet(), {color: true, width: 120})
    expect(firstForbidden(out.replace(OWN_SGR, ''))).toBeNull()
  })

  it('through the command path (renderReport) as well', async () => {
    const rendered = await renderReport(hostileFleet(), {format: formatter.name, color: false})
    expect(firstForbidden(rendered.text ?? '')).toBeNull()
    if (rendered.json !== undefined) expect(firstForbidden(JSON.stringify(rendered.json))).toBeNull()
  })
})

describe('machine formats keep multi-line evidence', () => {
  it('json keeps the line feed and the tab (as JSON escapes) and nothing else raw', () => {
    const json = FORMATTERS.find((f) => f.name === 'json')!.render(hostileFleet(), {})
    const web07 = JSON.parse(json).hosts[6]
    const evidence: string = web07.findings.find((f: {check: string}) => f.check.startsWith('fpm/slow-requests')).evidence[1]
    expect(evidence.startsWith('second line\nwith a line feed\tand a tab')).toBe(true)
    expect(evidence).toContain('\\x1b[5;41mBLINK')
    expect(evidence).toContain('\\u{202e}RLO')
    expect(json).toContain('second line\\nwith a line feed\\tand a tab')
  })
})
