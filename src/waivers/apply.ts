/**
 * Applies waivers to a report: covered findings get `waived` (shown, never counted), and each
 * EXPIRED waiver adds an info finding on the hosts it names, so a lapsed acceptance is visible.
 */
import type {CheckMeta, Finding} from '../checks/types.js'
import {recompute} from '../report/status.js'
import type {PatternInventory} from '../inventory/select.js'
import type {FleetReport} from '../report/types.js'
import {compileHostPattern, globToRegExp, type HostMatcher} from './host-pattern.js'
import {didYouMean} from '../inventory/suggest.js'
import {WAIVER_EXPIRED_CHECK, type Waiver} from './types.js'

export interface ApplyOptions {
  /** The inventory the hosts came from: patterns name its groups and subscripts index its group order, as `--limit`. */
  inventory?: PatternInventory
  /** Without an inventory: groups of a host (in report order); neither: host names only (`--local`). */
  groupsOf?: (host: string) => string[]
}

/** A stand-in inventory made of host names and the groups each is in (in the order given). */
function universeFrom(hostGroups: Iterable<{name: string; groups: readonly string[]}>): PatternInventory {
  const hosts = new Map<string, unknown>()
  const groups: PatternInventory['groups'] = new Map()
  for (const h of hostGroups) {
    hosts.set(h.name, h)
    for (const g of h.groups) {
      const spec = groups.get(g) ?? {name: g, hosts: [], children: [], vars: {}}
      spec.hosts.push(h.name)
      groups.set(g, spec)
    }
  }
  return {hosts, groups}
}

/** The inventory, or a stand-in made of the report's hosts and the groups `groupsOf` gives them. */
function universeOf(report: FleetReport, options: ApplyOptions): PatternInventory {
  if (options.inventory) return options.inventory
  return universeFrom(report.hosts.map((h) => ({name: h.host, groups: options.groupsOf?.(h.host) ?? []})))
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

export interface WaiverContext {
  /** Every check ID fleet can emit. */
  checkIds: readonly string[]
  /** Every host of the inventory with its groups; omitted (--local) to skip the host test. */
  hosts?: ReadonlyArray<{name: string; groups: string[]}>
  /** The inventory itself, when there is one: patterns are read as `--limit` reads them. */
  inventory?: PatternInventory
}

/**
 * What a waivers file says that cannot be what the operator meant: a check no fleet emits (a
 * typo waives nothing, silently), or host patterns that match no host of the inventory.
 * One `FILE:LINE: ...` line per problem; empty when the file is sound.
 */
export function waiverProblems(waivers: Waiver[], context: WaiverContext): string[] {
  const problems: string[] = []
  const universe = context.inventory ?? universeFrom(context.hosts ?? [])
  for (const c of waivers.map((w) => compile(w, universe))) {
    const {waiver} = c
    if (!context.checkIds.some((id) => c.check.test(id))) {
      problems.push(`${waiver.source}: check ${JSON.stringify(waiver.check)} is not a check fleet knows${didYouMean(waiver.check, context.checkIds)}; see fleet explain`)
    }
    if (!context.hosts) continue
    for (const [i, matcher] of c.hosts.entries()) {
      if (!context.hosts.some((host) => matcher(host.name))) {
        const names = context.hosts.flatMap((host) => [host.name, ...host.groups])
        problems.push(`${waiver.source}: hosts ${JSON.stringify(waiver.hosts[i])} matches no host or group of the inventory${didYouMean(waiver.hosts[i], new Set(names))}`)
      }
    }
  }
  return problems
}

/** `fleet explain fleet/waiver-expired`: the one finding fleet itself adds, documented like a check. */
export const waiverExpiredMeta: CheckMeta = {
  id: WAIVER_EXPIRED_CHECK,
  severity: 'info',
  summary: 'A waiver in --waivers FILE has expired; the findings it covered count again',
  docs: {
    description:
      'A waiver accepts a known risk until its expires date (inclusive, local calendar day). After that day the findings it covered are counted again, and this finding names the waiver (FILE:LINE), its hosts and its justification on every host it matches.',
    symptom: 'None by itself; the findings the waiver hid are back in the report and the exit code.',
    fix: 'Fix the finding and delete the waiver, or renew it with a new expiry date if the risk is still accepted.',
    snippet: '- check: fpm/max-children-reached\n  hosts: web*\n  justification: capacity review scheduled\n  expires: 2026-12-31',
  },
  messages: {expired: 'waiver for {{check}} ({{source}}) expired on {{expires}}'},
}
