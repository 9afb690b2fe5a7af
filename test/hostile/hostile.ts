/**
 * Hostile data for the output tests: every string a host or an inventory can influence gets
 * escape sequences and invisible controls, and checks that no output lets one through raw.
 */

/** ESC/CSI/OSC sequences, C0 (NUL, BS, CR), DEL, C1 (8-bit CSI, OSC, ST), bidi overrides and isolates, U+2028, lone surrogates, BOM. */
// The four asserted visible first, short: layouts cap long lines and must still show them.
export const PAYLOAD =
  '\u001b\u202e\u0000\u009b \u001b[5;41mBLINK\u001b[0m \u001b]0;retitled\u0007 \u001b]8;;http://evil.test\u001b\\link\u001b]8;;\u001b\\ ' +
  '\u0000nul \u0001soh \u0008bs \u000dcr \u007fdel \u0080pad \u009b2J \u009d0;t\u009c \u009fapc ' +
  '\u202eRLO \u2066LRI\u2069 \u061calm \u2028ls \u2029ps \ud800lone \udc00lone \ufeffbom'

/**
 * Every code point no output may carry raw (tab and line feed are allowed): written out here,
 * independently of src/report/sanitize.ts, so a narrowed policy there fails these tests.
 */
// eslint-disable-next-line no-control-regex
export const FORBIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]|[\ud800-\udfff]/u

/** Where a forbidden code point is, for a readable failure. */
export function firstForbidden(text: string): string | null {
  const m = FORBIDDEN.exec(text)
  if (!m) return null
  const at = m.index
  return `U+${(m[0].codePointAt(0) ?? 0).toString(16).padStart(4, '0')} at ${at}: ${JSON.stringify(text.slice(Math.max(0, at - 40), at + 40))}`
}

/**
 * The visible escapes the operator must still see, in any format's own quoting: one or more
 * backslashes (JSON, Prometheus and Markdown double them) and Markdown's `\{`/`\}`.
 */
export const VISIBLE: Array<[string, RegExp]> = [
  ['ESC', /\\+x1b/],
  ['NUL', /\\+x00/],
  ['8-bit CSI', /\\+x9b/],
  ['RLO', /\\+u\\?\{202e\\?\}/],
]

/** Fields set by fleet's own code from a fixed set of values (enums, timestamps), never by a host. */
const OWN_FIELDS = new Set(['status', 'severity', 'kind', 'change', 'previousStatus', 'outcome', 'code', 'scheme', 'class', 'rollbackSource', 'startedAt', 'finishedAt', 'connection'])

/** A deep copy with PAYLOAD appended to every string a host or inventory can influence. */
export function poison<T>(value: T, key = ''): T {
  if (typeof value === 'string') return (OWN_FIELDS.has(key) ? value : `${value}${PAYLOAD}`) as T
  if (Array.isArray(value)) return value.map((v) => poison(v, key)) as T
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = poison(v, k)
    return out as T
  }
  return value
}
