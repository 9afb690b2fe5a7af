/**
 * Ansible's host pattern algebra (ansible/inventory/manager.py): split a pattern list,
 * order it (unions, then `&` intersections, then `!` exclusions), and match each term
 * against group names and host names with globs, `~regex`, and `[i]`/`[i:j]` subscripts.
 */
import {fnmatchRegExp} from './fnmatch.js'

/** Splits on `,` and on `:` outside brackets (`web[0:2]` keeps its colon). */
export function splitPatterns(list: string): string[] {
  return list
    .split(',')
    .flatMap((part) => part.match(/(?:[^\s:[\]]|\[[^\]]*\])+/g) ?? [])
    .map((p) => p.trim())
    .filter(Boolean)
}

/** Unions first, then intersections, then exclusions; only `&`/`!` terms imply a leading `all`. */
export function orderPatterns(patterns: string[]): string[] {
  const regular = patterns.filter((p) => !p.startsWith('&') && !p.startsWith('!'))
  const and = patterns.filter((p) => p.startsWith('&'))
  const not = patterns.filter((p) => p.startsWith('!'))
  return [...(regular.length ? regular : ['all']), ...and, ...not]
}

export type Subscript = [start: number, end: number | undefined]

/**
 * Ansible's PATTERN_WITH_SUBSCRIPT, with `:` as the only range separator: Ansible removed the
 * `[x-y]` subscript, so `web0[1-5]` is an fnmatch character class here, never a subscript.
 * `[:j]` starts at 0, as the Ansible docs' `webservers[:3]`; `[:]` is not a subscript.
 */
const WITH_SUBSCRIPT = /^(.+)\[(?:(-?[0-9]+)|([0-9]*):([0-9]*))\]$/s

/** `web[1]` → ['web', [1, undefined]]; `web[0:2]`/`web[2:]`/`web[:3]` → [0, 2] / [2, -1] / [0, 3]. Regexes have none. */
export function splitSubscript(pattern: string): [string, Subscript | undefined] {
  if (pattern.startsWith('~')) return [pattern, undefined]
  const m = WITH_SUBSCRIPT.exec(pattern)
  if (!m) return [pattern, undefined]
  if (m[2] !== undefined) return [m[1], [Number(m[2]), undefined]]
  if (m[3] === '' && m[4] === '') return [pattern, undefined]
  return [m[1], [Number(m[3] || 0), m[4] === '' ? -1 : Number(m[4])]]
}

/** As Ansible: inclusive `[a:b]`, `[a:]` to the end, `[i]` one host (negative counts from the end). */
export function applySubscript<T>(items: T[], sub: Subscript | undefined): T[] {
  if (!sub) return items
  const [start, end] = sub
  if (end) return items.slice(start, (end === -1 ? items.length - 1 : end) + 1)
  const item = items.at(start)
  if (item === undefined) throw new RangeError('subscript out of range')
  return [item]
}

/** A matcher for one term: `~regex` (anchored at the start, like re.match) or an fnmatch glob. */
export function termMatcher(expr: string): (name: string) => boolean {
  if (expr.startsWith('~')) {
    const re = new RegExp(expr.slice(1))
    return (name) => re.exec(name)?.index === 0
  }
  const re = fnmatchRegExp(expr)
  return (name) => re.test(name)
}

/** Ansible also tries host names when the term looks like a glob/regex, even if groups matched. */
export const looksLikeGlob = (expr: string) => expr.startsWith('~') || /[.?*[]/.test(expr)
