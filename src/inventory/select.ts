/**
 * selectHosts: `--group` (repeatable, union), `--host` (exact names, added to the union),
 * then `--limit` with Ansible's pattern algebra. With neither groups nor hosts, the base is
 * every host. A name or pattern that matches nothing is an error naming it (Ansible only
 * warns; running on fewer hosts than asked for is worse here). An existing but empty group
 * is not an error. The result keeps inventory order, without duplicates. `--limit @FILE` reads
 * one pattern a line from FILE (Ansible's retry files).
 */
import {readFileSync} from 'node:fs'
import {SelectionError} from './errors.js'
import {PatternError} from './fnmatch.js'
import {groupHostList} from './group-graph.js'
import {applySubscript, looksLikeGlob, orderPatterns, splitPatterns, splitSubscript, termMatcher} from './host-pattern.js'
import {didYouMean} from './suggest.js'
import type {HostSpec, Inventory} from './types.js'

export interface Selection {
  groups?: string[]
  limit?: string
  hosts?: string[]
}

/** What a host pattern is evaluated against: host names (in inventory order) and groups. */
export interface PatternInventory {
  hosts: Map<string, unknown>
  groups: Inventory['groups']
}

export interface PatternOptions {
  /** The option named in errors (default `--limit`). */
  option?: string
  /** When false, a term that matches nothing adds nothing instead of being an error (waivers). */
  strict?: boolean
}

function groupHosts(inv: PatternInventory, name: string): string[] {
  return name === 'all' ? [...inv.hosts.keys()] : groupHostList(inv.groups, name)
}

function compileTerm(option: string, term: string, expr: string): (name: string) => boolean {
  try {
    return termMatcher(expr)
  } catch (e) {
    if (e instanceof PatternError) throw new SelectionError(option, term, e.message)
    throw new SelectionError(option, term, `invalid regular expression: ${(e as Error).message}`)
  }
}

/** Groups, then (for globs, or when no group matched) host names, in inventory order, without duplicates. */
function matchExpr(inv: PatternInventory, matches: (name: string) => boolean, expr: string): {groups: number; found: string[]} {
  const groups = ['all', ...inv.groups.keys()].filter(matches)
  const found = groups.flatMap((g) => groupHosts(inv, g))
  if (groups.length === 0 || looksLikeGlob(expr)) found.push(...[...inv.hosts.keys()].filter(matches))
  return {groups: groups.length, found: [...new Set(found)]}
}

function matchTerm(inv: PatternInventory, term: string, option: string, strict: boolean): string[] {
  const bare = term.replace(/^[&!]/, '')
  let [expr, sub] = splitSubscript(bare)
  if (!expr) throw new SelectionError(option, term, 'empty pattern')
  let {groups, found} = matchExpr(inv, compileTerm(option, term, expr), expr)
  if (sub && groups === 0 && found.length === 0) {
    // `web[01:03]` where nothing is called `web`: the bracket is a range of the glob instead.
    ;[expr, sub] = [bare, undefined]
    let whole: (name: string) => boolean
    try {
      whole = compileTerm(option, term, expr)
    } catch (e) {
      if (strict) throw e
      return []
    }
    ;({groups, found} = matchExpr(inv, whole, expr))
  }
  if (groups === 0 && found.length === 0) {
    if (!strict) return []
    const hint = looksLikeGlob(expr) ? '' : didYouMean(expr, ['all', ...inv.groups.keys(), ...inv.hosts.keys()])
    throw new SelectionError(option, term, `matches no group or host${hint}`)
  }
  try {
    return applySubscript(found, sub)
  } catch {
    if (!strict) return []
    throw new SelectionError(option, term, `no host at that subscript (the pattern matches ${found.length})`)
  }
}

/** Ansible's `--limit @FILE`: the file's lines, one pattern each (a `.retry` file lists one host a line). */
function limitFileTerms(option: string, term: string): string[] {
  const file = term.slice(1)
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (e) {
    throw new SelectionError(option, term, `cannot read limit file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`)
  }
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean)
  if (lines.length === 0) throw new SelectionError(option, term, 'limit file names no host')
  return lines
}

/** Ansible's _evaluate_patterns over an ordered pattern list. */
export function evaluateLimit(inv: PatternInventory, limit: string, options: PatternOptions = {}): Set<string> {
  const option = options.option ?? '--limit'
  const strict = options.strict ?? true
  const terms = splitPatterns(limit).flatMap((t) => (t.startsWith('@') && t.length > 1 ? limitFileTerms(option, t) : [t]))
  if (terms.length === 0) throw new SelectionError(option, limit, 'empty pattern')
  let hosts: string[] = []
  for (const term of orderPatterns(terms)) {
    const these = new Set(matchTerm(inv, term, option, strict))
    if (term.startsWith('!')) hosts = hosts.filter((h) => !these.has(h))
    else if (term.startsWith('&')) hosts = hosts.filter((h) => these.has(h))
    else {
      const have = new Set(hosts)
      hosts.push(...[...these].filter((h) => !have.has(h)))
    }
  }
  return new Set(hosts)
}

/**
 * Checks a pattern's shape without an inventory: not empty, every `~regex` compiles, every
 * numeric range is in order and bounded. Throws SelectionError naming the term.
 */
export function validatePattern(pattern: string, option = '--limit'): void {
  const terms = splitPatterns(pattern)
  if (terms.length === 0) throw new SelectionError(option, pattern, 'empty pattern')
  for (const term of terms) {
    if (term.startsWith('@')) continue
    const bare = term.replace(/^[&!]/, '')
    const [expr, sub] = splitSubscript(bare)
    if (!expr) throw new SelectionError(option, term, 'empty pattern')
    compileTerm(option, term, sub ? expr : bare)
  }
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
