/**
 * Host ranges as Ansible expands them (ansible/inventory/helpers + plugins/inventory
 * `expand_hostname_range`): `web[01:20]` keeps the zero padding of the start, `db-[a:c]`
 * walks ASCII letters (a-z then A-Z), `[1:10:2]` takes a step, several ranges in one name
 * expand left to right.
 */
const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'

export class HostRangeError extends Error {}

/** Ansible's detect_range: a `[` before a `:` before a `]`. */
export function hasRange(name: string): boolean {
  const open = name.indexOf('[')
  const colon = name.indexOf(':')
  return open >= 0 && open < colon && colon < name.indexOf(']')
}

/**
 * At most this many hosts from one name pattern. `web[1:99999999]` would otherwise build
 * 100 million names (minutes of CPU, gigabytes of memory) before anything else could say
 * no; 10,000 is far beyond one fleet run (at 50 hosts at once and a second each, over three
 * minutes) and costs a few megabytes. The same cap holds for the whole inventory.
 */
export const MAX_HOSTS = 10_000

interface FirstRange {
  head: string
  tail: string
  where: string
  count: number
  item(i: number): string
}

/** The first `[a:b(:step)]` in `name`, validated, without expanding it. */
function firstRange(name: string): FirstRange {
  const open = name.indexOf('[')
  const close = name.indexOf(']', open)
  const head = name.slice(0, open)
  const tail = name.slice(close + 1)
  const bounds = name.slice(open + 1, close).split(':')
  const where = `host range "${name.slice(open, close + 1)}"`
  if (bounds.length !== 2 && bounds.length !== 3) throw new HostRangeError(`${where} must be [begin:end] or [begin:end:step]`)
  const [begin = '0', end, stepText = '1'] = bounds
  const beg = begin === '' ? '0' : begin
  if (!end) throw new HostRangeError(`${where} must specify an end value`)
  if (!/^[1-9]\d*$/.test(stepText)) throw new HostRangeError(`${where}: step must be a positive integer`)
  const step = Number(stepText)

  const a = LETTERS.indexOf(beg)
  const b = LETTERS.indexOf(end)
  if (beg.length === 1 && end.length === 1 && a >= 0 && b >= 0) {
    if (a > b) throw new HostRangeError(`${where} must have begin <= end`)
    return {head, tail, where, count: Math.floor((b - a) / step) + 1, item: (i) => LETTERS[a + i * step]}
  }
  if (!/^\d+$/.test(beg) || !/^\d+$/.test(end)) throw new HostRangeError(`${where} must be numbers or single letters`)
  // A leading zero is Ansible's padding hint; then both ends must have the same width.
  const width = beg.length > 1 && beg.startsWith('0') ? beg.length : 0
  if (width && width !== end.length) throw new HostRangeError(`${where} must have begin and end of equal width when zero-padded`)
  const from = Number(beg)
  const to = Number(end)
  // Ansible silently yields nothing here; a range naming no host is always a typo, so say so.
  if (from > to) throw new HostRangeError(`${where} is empty (begin > end)`)
  return {head, tail, where, count: Math.floor((to - from) / step) + 1, item: (i) => String(from + i * step).padStart(width, '0')}
}

/** How many names `name` expands to, counted without building them (stops counting past the cap). */
function countNames(name: string): number {
  if (!hasRange(name)) return 1
  const range = firstRange(name)
  if (range.count > MAX_HOSTS) return range.count
  return range.count * countNames(range.head + range.item(0) + range.tail)
}

function expand(name: string): string[] {
  if (!hasRange(name)) return [name]
  const range = firstRange(name)
  const out: string[] = []
  for (let i = 0; i < range.count; i++) out.push(...expand(range.head + range.item(i) + range.tail))
  return out
}

export function expandHostRange(name: string): string[] {
  const count = countNames(name)
  if (count > MAX_HOSTS) {
    throw new HostRangeError(`${JSON.stringify(name)} expands to ${count} hosts; at most ${MAX_HOSTS} hosts come from one pattern`)
  }
  return expand(name)
}

/**
 * Ansible YAML allows `host:port` as a host key. Returns the name and port when the key
 * has that shape (IPv6 literals and bare names are returned unchanged).
 */
export function splitHostPort(key: string): {name: string; port?: number} {
  const m = /^([^:[\]]+(?:\[[^\]]*\][^:[\]]*)*):(\d{1,5})$/.exec(key)
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 65535) return {name: m[1], port: Number(m[2])}
  return {name: key}
}
