/** nginx time and size values (ngx_parse_time, ngx_parse_size). */

/** Seconds per unit; bare numbers are seconds. */
const TIME_UNITS: Record<string, number> = {
  ms: 0.001,
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
  w: 604800,
  M: 2592000,
  y: 31536000,
}

/** `'1m30s'` -> 90, `'300'` -> 300, `'1h 30m'` -> 5400; null if nginx would reject it. */
export function parseDuration(value: string): number | null {
  const text = value.trim()
  if (text === '') return null
  const re = /(\d+)(ms|s|m|h|d|w|M|y)?\s*/gy
  let total = 0
  let pos = 0
  for (let m = re.exec(text); m; m = re.exec(text)) {
    total += Number(m[1]) * TIME_UNITS[m[2] ?? 's']
    pos = re.lastIndex
    if (m[2] === undefined) break // a bare number must be the last part
  }
  return pos === text.length ? Math.round(total * 1000) / 1000 : null
}

const SIZE_UNITS: Record<string, number> = {'': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3}

/** `'8k'` -> 8192, `'1m'` -> 1048576 (k/m/g, either case); null if invalid. */
export function parseSize(value: string): number | null {
  const m = /^(\d+)([kKmMgG]?)$/.exec(value.trim())
  return m ? Number(m[1]) * SIZE_UNITS[m[2].toLowerCase()] : null
}
