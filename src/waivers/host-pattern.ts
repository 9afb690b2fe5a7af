/**
 * A waiver's `hosts:` is a host pattern in the same dialect as `--limit` (one matcher:
 * src/inventory/select.ts), evaluated against the inventory's hosts and groups: `web*`,
 * `web*:!web03`, `prod:&nginx`, `~db\d+`, `web0[1-5]`, `webservers[0:2]`, and numeric ranges
 * `web[01:03]` / `web[01-03]` (how reports fold hosts, so a range copied from a report works).
 * Unlike `--limit`, a term that matches nothing is not an error: the waiver just covers nothing
 * there. `@FILE` is not taken in waivers.
 */
import {evaluateLimit, validatePattern, type PatternInventory} from '../inventory/select.js'
import {splitPatterns} from '../inventory/host-pattern.js'
import {fnmatchRegExp} from '../inventory/fnmatch.js'

export type HostMatcher = (host: string) => boolean

/** Throws (with the offending term named) on an empty pattern, a bad range or regex, or `@FILE`. */
export function checkHostPattern(pattern: string): void {
  if (splitPatterns(pattern).some((t) => t.startsWith('@'))) throw new Error('a waiver cannot read hosts from a file (@FILE)')
  try {
    validatePattern(pattern, 'hosts')
  } catch (error) {
    throw new Error((error as Error).message.replace(/^hosts /, ''))
  }
}

/** A matcher for `pattern` over `universe` (the inventory, or the checked hosts without groups). */
export function compileHostPattern(pattern: string, universe: PatternInventory): HostMatcher {
  checkHostPattern(pattern)
  const hosts = evaluateLimit(universe, pattern, {option: 'hosts', strict: false})
  return (host) => hosts.has(host)
}

/** A check ID glob (`fpm/*`): fnmatch, as host patterns. */
export function globToRegExp(glob: string): RegExp {
  return fnmatchRegExp(glob)
}
