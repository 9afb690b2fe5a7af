/**
 * Masking of the parts of a log message that vary between occurrences of the same event,
 * so identical events fold into one line. A table of rules, applied in order: the longer,
 * more specific shapes (request ids, addresses) before bare numbers.
 */
interface MaskRule {
  name: string
  pattern: RegExp
  replace: string | ((match: string, ...groups: string[]) => string)
}

export const MASK_RULES: readonly MaskRule[] = [
  // UUIDs and long hex tokens: request ids, session ids, trace ids.
  {name: 'uuid', pattern: /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, replace: '<id>'},
  {name: 'hex-id', pattern: /\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{12,}\b/gi, replace: '<id>'},
  // IPv4 with an optional port.
  {name: 'ipv4', pattern: /\b(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?\b/g, replace: '<addr>'},
  // IPv6 (at least two groups and a double colon, or eight groups), optionally bracketed with a port.
  {name: 'ipv6', pattern: /\[?\b(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}\b\]?(?::\d{1,5})?/gi, replace: (m) => (/[0-9a-f]/i.test(m) && m.includes('::') || m.split(':').length >= 8 ? '<addr>' : m)},
  // `(111: Connection refused)` and `HTTP/1.1` name the event, they are not varying parts.
  {name: 'number', pattern: /(\(\d+: |HTTP\/\d(?:\.\d)?\b)|\d+/g, replace: (m, kept) => (kept ? m : '<n>')},
]

/** The message with every varying part replaced by a placeholder (`<n>`, `<addr>`, `<id>`). */
export function maskMessage(text: string): string {
  let out = text
  for (const rule of MASK_RULES) out = out.replace(rule.pattern, rule.replace as (substring: string, ...args: string[]) => string)
  return out
}
