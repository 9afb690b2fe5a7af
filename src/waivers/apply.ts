/**
 * Applies waivers to a report: covered findings get `waived` (shown, never counted), and each
 * EXPIRED waiver adds an info finding on the hosts it names, so a lapsed acceptance is visible.
 */
import type {Finding} from '../checks/types.js'
import {recompute} from '../report/status.js'
import type {PatternInventory} from '../inventory/select.js'
import type {FleetReport} from '../report/types.js'
import {compileHostPattern, globToRegExp, type HostMatcher} from './host-pattern.js'
import {WAIVER_EXPIRED_CHECK, type Waiver} from './types.js'

export interface ApplyOptions {
  /** The inventory the hosts came from: patterns name its groups and subscripts index its group order, as `--limit`. */
  inventory?: PatternInventory
  /** Without an inventory: groups of a host (in report order); neither: host names only (`--local`). */
  groupsOf?: (host: string) => string[]
}

/** The inventory, or a stand-in made of the report's hosts and the groups `groupsOf` gives them. */
function universeOf(report: FleetReport, options: ApplyOptions): PatternInventory {
  if (options.inventory) return options.inventory
  const hosts = new Map(report.hosts.map((h) => [h.host, h]))
  const groups: PatternInventory['groups'] = new Map()
  for (const h of report.hosts) {
    for (const g of options.groupsOf?.(h.host) ?? []) {
      const spec = groups.get(g) ?? {name: g, hosts: [], children: [], vars: {}}
      spec.hosts.push(h.host)
      groups.set(g, spec)
    }
  }
  return {hosts, groups}
}

/** Local calendar date: a waiver "until 2025-03-31" holds through that day where the operator is. */
export function isoDay(today: Date | string): string {
  if (typeof today === 'string') return today
  const pad = (n: number): string => String(n).padStart(2, '0')
  return `${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}`
}

interface Compiled {
  waiver: Waiver
  check: RegExp
  hosts: HostMatcher[]
}

function compile(waiver: Waiver, universe: PatternInventory): Compiled {
  return {waiver, check: globToRegExp(waiver.check), hosts: waiver.hosts.map((p) => compileHostPattern(p, universe))}
}

function expiredFinding(w: Waiver): Finding {
  return {
    check: WAIVER_EXPIRED_CHECK,
    severity: 'info',
    messageId: 'expired',
    message: `waiver for ${w.check} (${w.source}) expired on ${w.expires}`,
    evidence: [`hosts: ${w.hosts.join(', ')}`, `justification: ${w.justification}`],
    fix: 'fix the finding and delete the waiver, or renew it with a new expiry date if the risk is still accepted',
  }
}

export function applyWaivers(report: FleetReport, waivers: Waiver[], today: Date | string, options: ApplyOptions = {}): FleetReport {
  const day = isoDay(today)
  const universe = universeOf(report, options)
  const compiled = waivers.map((w) => compile(w, universe))
  // String comparison is date order for YYYY-MM-DD.
  const active = compiled.filter((c) => c.waiver.expires >= day)
  const expired = compiled.filter((c) => c.waiver.expires < day)
  const hosts = report.hosts.map((host) => {
    const matches = (c: Compiled): boolean => c.hosts.some((m) => m(host.host))
    const findings = host.findings.map((f) => {
      if (f.waived || f.change === 'removed' || f.check === WAIVER_EXPIRED_CHECK) return f
      const w = active.find((c) => c.check.test(f.check) && matches(c))
      return w ? {...f, waived: {justification: w.waiver.justification, expires: w.waiver.expires, source: w.waiver.source}} : f
    })
    for (const c of expired) if (matches(c)) findings.push(expiredFinding(c.waiver))
    return {...host, findings}
  })
  return recompute({...report, hosts})
}
