/**
 * The one sanitiser for everything fleet prints or writes.
 *
 * Text from hosts and inventories (host names, log lines, config paths, process titles,
 * hashes, lock owners, error messages) is attacker-influenced: a crafted log line could move
 * the cursor, retitle the terminal (OSC), hide or reorder text (bidi overrides), or break a
 * consumer that prints a JSON string raw. Every output format therefore receives a report that
 * went through sanitizeDeep() once, at the output boundary (the format registry, the reload
 * table and prompt, `fleet hosts`): every string in it, at any depth, keys included.
 *
 * Policy (escapeControls): no code point below is ever emitted raw; each becomes a visible
 * escape (`\x1b`, `\x9b`, `\u{202e}`, `\u{d800}`), so the operator still sees something was there:
 *   - C0 controls except tab and line feed, DEL, C1 controls (U+0080-U+009F);
 *   - bidi controls (U+061C, U+200E/F, U+202A-U+202E, U+2066-U+2069), line and paragraph
 *     separators (U+2028/9), zero-width and other invisible format characters (U+200B-U+200D,
 *     U+2060-U+2064, U+206A-U+206F, U+FEFF, U+FFF9-U+FFFB), noncharacters U+FFFE/U+FFFF;
 *   - lone UTF-16 surrogates (no valid UTF-8 exists for them).
 * Tab and line feed stay in the model (multi-line evidence): JSON writes them as `\t`/`\n`,
 * the block formats keep them, and single-line layouts (oneLine) turn line feeds into `\n`.
 *
 * After that, a format applies only its own syntax escaping (XML/HTML entities, Markdown
 * punctuation, Prometheus label escaping, Nagios `|`) and layout (one line, length caps).
 */

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ufffe\uffff]|[\ud800-\udfff]/gu

// Escape sequences (CSI 7/8-bit, OSC/DCS/... strings, two-byte ESC): only stripAnsi uses this.
const ESCAPE_SEQUENCE =
  // eslint-disable-next-line no-control-regex
  /(?:\u001b\[|\u009b)[\u0030-\u003f]*[\u0020-\u002f]*[\u0040-\u007e]?|(?:\u001b[\]PX^_]|[\u0090\u0098\u009d\u009e\u009f])[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|\u001b[\u0020-\u002f]*[\u0030-\u007e]/g

export const DEFAULT_MAX_LINE = 240

declare const SANITIZED: unique symbol

/** A value every string of which went through escapeControls: what formats are given. */
export type Sanitized<T> = T & {readonly [SANITIZED]: true}

function visible(ch: string): string {
  const code = ch.codePointAt(0) ?? 0
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`
}

/** The policy above for one string: unsafe code points become visible escapes; tab and LF stay. */
export function escapeControls(s: string): string {
  return String(s).replace(UNSAFE, visible)
}

/** True when `s` holds no code point the policy forbids (tab and LF allowed). */
export function isClean(s: string): boolean {
  return !new RegExp(UNSAFE.source, 'u').test(s)
}

function walk(value: unknown): unknown {
  if (typeof value === 'string') return escapeControls(value)
  if (Array.isArray(value)) return value.map(walk)
  if (value !== null && typeof value === 'object') {
    const proto = Object.getPrototypeOf(value)
    // Reports are plain JSON-shaped data; anything else (Date, Buffer) is not text from a host.
    if (proto !== Object.prototype && proto !== null) return value
    const out: Record<string, unknown> = {}
    // defineProperty: a key named `__proto__` (a host's, say) stays a key instead of a prototype.
    for (const [key, v] of Object.entries(value)) {
      Object.defineProperty(out, escapeControls(key), {value: walk(v), enumerable: true, writable: true, configurable: true})
    }
    return out
  }
  return value
}

/** A copy of `value` with every string (and object key), at any depth, through escapeControls. */
export function sanitizeDeep<T>(value: T): Sanitized<T> {
  return walk(value) as Sanitized<T>
}

export interface SanitizeOptions {
  /** Longest line kept, in code points; longer lines end with '…'. */
  maxLine?: number
  /** Escape newlines too (table cells, one-line messages). */
  singleLine?: boolean
}

export function capLine(line: string, max: number): string {
  const chars = [...line]
  return chars.length > max ? `${chars.slice(0, Math.max(0, max - 1)).join('')}…` : line
}

/**
 * Layout for text already in a sanitised model: line feeds as `\n` (singleLine) and lines capped.
 * It applies escapeControls again (idempotent on clean text), so a caller outside the report
 * model (warnings, progress lines) gets the same policy in one call.
 */
export function sanitizeForTerminal(s: string, options: SanitizeOptions = {}): string {
  const max = options.maxLine ?? DEFAULT_MAX_LINE
  let out = escapeControls(s)
  if (options.singleLine) out = out.replace(/\n/g, '\\n')
  return out
    .split('\n')
    .map((line) => capLine(line, max))
    .join('\n')
}

/** One line, capped: the layout of a table cell or a one-line message. */
export function oneLine(s: string, max = DEFAULT_MAX_LINE): string {
  return sanitizeForTerminal(s, {singleLine: true, maxLine: max})
}

/** Escape sequences removed outright (for measuring our own coloured output, not for host text). */
export function stripAnsi(s: string): string {
  return s.replace(ESCAPE_SEQUENCE, '')
}

// XML 1.0 Char production: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
const XML_ILLEGAL = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu

/** Syntax guard for XML: nothing outside XML 1.0's Char (a sanitised model has none left). */
export function stripXmlIllegal(s: string): string {
  return s.replace(XML_ILLEGAL, '')
}

const XML_ENTITIES: Record<string, string> = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;'}

/** XML syntax escaping for attributes and content (the model was sanitised before). */
export function escapeXml(s: string): string {
  return stripXmlIllegal(String(s)).replace(/[&<>"']/g, (c) => XML_ENTITIES[c])
}

const HTML_ENTITIES: Record<string, string> = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}

/** HTML syntax escaping, with the layout options of sanitizeForTerminal. */
export function escapeHtml(s: string, options: SanitizeOptions = {}): string {
  return sanitizeForTerminal(s, options).replace(/[&<>"']/g, (c) => HTML_ENTITIES[c])
}
