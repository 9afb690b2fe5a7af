import {createHmac} from 'node:crypto'
import {isIPv4, isIPv6} from 'node:net'

/**
 * Host matching as OpenSSH does it for known_hosts (match.c, hostfile.c):
 * the name looked up is `host` on port 22 and `[host]:port` otherwise;
 * a line's comma list matches when some pattern matches and no negated
 * (`!pattern`) one does; `*` and `?` are wildcards; names compare lower-cased.
 */

const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/i
const ZONE = /^[a-z0-9_.-]+$/i

/**
 * Why `address` cannot be a connection address, or undefined when it can. Only a host
 * name (dot-separated labels of letters, digits, `-`, `_`) or an IP literal is accepted:
 * the address becomes the host field of a known_hosts line, where `*`, `?`, `!`, `,`,
 * `[`, `|`, spaces or a newline would make it a pattern matching other hosts, or a second line.
 */
export function addressProblem(address: string): string | undefined {
  if (address === '') return 'empty'
  if (isIPv4(address)) return undefined
  if (address.includes(':')) {
    const [ip, zone, ...rest] = address.split('%')
    if (isIPv6(ip) && rest.length === 0 && (zone === undefined || ZONE.test(zone))) return undefined
    return 'not an IPv6 address (write it without brackets, e.g. 2001:db8::1)'
  }
  if (address.length > 253) return 'a host name is at most 253 characters'
  const labels = (address.endsWith('.') ? address.slice(0, -1) : address).split('.')
  if (labels.every((label) => LABEL.test(label))) return undefined
  return 'not a host name (letters, digits, "-", "_" and dots) or an IP address'
}

/** The name OpenSSH looks up and writes: `host` on port 22, `[host]:port` otherwise, lower-cased. */
export function knownHostsName(host: string, port: number): string {
  const name = host.toLowerCase()
  return port === 22 ? name : `[${name}]:${port}`
}

/** Glob with `*` (any run) and `?` (one char), anchored, iterative with backtracking (no regex injection). */
export function matchWildcard(name: string, pattern: string): boolean {
  let n = 0
  let p = 0
  let starP = -1
  let starN = 0
  while (n < name.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === name[n])) {
      n++
      p++
    } else if (p < pattern.length && pattern[p] === '*') {
      starP = p++
      starN = n
    } else if (starP !== -1) {
      p = starP + 1
      n = ++starN
    } else {
      return false
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++
  return p === pattern.length
}

export function matchPatternList(name: string, patterns: string[]): boolean {
  let positive = false
  for (const raw of patterns) {
    const negated = raw.startsWith('!')
    const pattern = (negated ? raw.slice(1) : raw).toLowerCase()
    if (!matchWildcard(name, pattern)) continue
    // One matching negation vetoes the whole line, whatever else matched.
    if (negated) return false
    positive = true
  }
  return positive
}

/** `|1|salt|hmac` entries: HMAC-SHA1 keyed by the salt over the looked-up name. */
export function matchHashedHost(name: string, salt: Buffer, hash: Buffer): boolean {
  const digest = createHmac('sha1', salt).update(name).digest()
  return digest.length === hash.length && digest.equals(hash)
}

export function hashHostName(name: string, salt: Buffer): string {
  const digest = createHmac('sha1', salt).update(name).digest()
  return `|1|${salt.toString('base64')}|${digest.toString('base64')}`
}
