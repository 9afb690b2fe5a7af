/**
 * selectHosts: `--group` (repeatable, union), `--host` (exact names, added to the union),
 * then `--limit` with Ansible's pattern algebra. With neither groups nor hosts, the base is
 * every host. A name or pattern that matches nothing is an error naming it (Ansible only
 * warns; running on fewer hosts than asked for is worse here). An existing but empty group
 * is not an error. The result keeps inventory order, without duplicates.
 */
import {SelectionError} from './errors.js'
import {groupHostList} from './group-graph.js'
import {applySubscript, looksLikeGlob, orderPatterns, splitPatterns, splitSubscript, termMatcher} from './host-pattern.js'
import {didYouMean} from './suggest.js'
import type {HostSpec, Inventory} from './types.js'

export interface Selection {
  groups?: string[]
  limit?: string
  hosts?: string[]
}

function groupHosts(inv: Inventory, name: string): string[] {
  return name === 'all' ? [...inv.hosts.keys()] : groupHostList(inv.groups, name)
}

function matchTerm(inv: Inventory, term: string): string[] {
  const [expr, sub] = splitSubscript(term.replace(/^[&!]/, ''))
  if (!expr) throw new SelectionError('--limit', term, 'empty pattern')
  let matches: (name: string) => boolean
  try {
    matches = termMatcher(expr)
  } catch (e) {
    throw new SelectionError('--limit', term, `invalid regular expression: ${(e as Error).message}`)
  }
  const groupNames = new Set(['all', ...inv.groups.keys()])
  const groups = [...groupNames].filter(matches)
  const found = groups.flatMap((g) => groupHosts(inv, g))
  if (groups.length === 0 || looksLikeGlob(expr)) found.push(...[...inv.hosts.keys()].filter(matches))
  if (groups.length === 0 && found.length === 0) {
    const hint = looksLikeGlob(expr) ? '' : didYouMean(expr, [...groupNames, ...inv.hosts.keys()])
    throw new SelectionError('--limit', term, `matches no group or host${hint}`)
  }
  try {
    return applySubscript([...new Set(found)], sub)
  } catch {
    throw new SelectionError('--limit', term, `no host at that subscript (the pattern matches ${new Set(found).size})`)
  }
}

/** Ansible's _evaluate_patterns over an ordered pattern list. */
export function evaluateLimit(inv: Inventory, limit: string): Set<string> {
  const terms = splitPatterns(limit)
  if (terms.length === 0) throw new SelectionError('--limit', limit, 'empty pattern')
  let hosts: string[] = []
  for (const term of orderPatterns(terms)) {
    const these = new Set(matchTerm(inv, term))
    if (term.startsWith('!')) hosts = hosts.filter((h) => !these.has(h))
    else if (term.startsWith('&')) hosts = hosts.filter((h) => these.has(h))
    else hosts.push(...[...these].filter((h) => !hosts.includes(h)))
  }
  return new Set(hosts)
}

export function selectHosts(inv: Inventory, sel: Selection): HostSpec[] {
  const groupNames = new Set(['all', ...inv.groups.keys()])
  const base = new Set<string>()
  for (const g of sel.groups ?? []) {
    if (!groupNames.has(g)) throw new SelectionError('--group', g, `no such group${didYouMean(g, groupNames)}`)
    for (const h of groupHosts(inv, g)) base.add(h)
  }
  for (const h of sel.hosts ?? []) {
    if (!inv.hosts.has(h)) throw new SelectionError('--host', h, `no such host${didYouMean(h, inv.hosts.keys())}`)
    base.add(h)
  }
  const everyone = !sel.groups?.length && !sel.hosts?.length
  const limited = sel.limit === undefined ? undefined : evaluateLimit(inv, sel.limit)
  return [...inv.hosts.values()].filter(
    (h) => (everyone || base.has(h.name)) && (limited === undefined || limited.has(h.name)),
  )
}
