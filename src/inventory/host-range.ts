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

export function expandHostRange(name: string): string[] {
  if (!hasRange(name)) return [name]
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

  let items: string[]
  const a = LETTERS.indexOf(beg)
  const b = LETTERS.indexOf(end)
  if (beg.length === 1 && end.length === 1 && a >= 0 && b >= 0) {
    if (a > b) throw new HostRangeError(`${where} must have begin <= end`)
    items = []
    for (let i = a; i <= b; i += step) items.push(LETTERS[i])
  } else {
    if (!/^\d+$/.test(beg) || !/^\d+$/.test(end)) throw new HostRangeError(`${where} must be numbers or single letters`)
    // A leading zero is Ansible's padding hint; then both ends must have the same width.
    const width = beg.length > 1 && beg.startsWith('0') ? beg.length : 0
    if (width && width !== end.length) throw new HostRangeError(`${where} must have begin and end of equal width when zero-padded`)
    const from = Number(beg)
    const to = Number(end)
    // Ansible silently yields nothing here; a range naming no host is always a typo, so say so.
    if (from > to) throw new HostRangeError(`${where} is empty (begin > end)`)
    items = []
    for (let i = from; i <= to; i += step) items.push(String(i).padStart(width, '0'))
  }
  return items.flatMap((item) => expandHostRange(head + item + tail))
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
