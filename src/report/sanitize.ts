/**
 * Text from hosts (log lines, config snippets, error messages) is attacker-influenced:
 * a crafted log line could move the cursor, retitle the terminal (OSC) or hide text.
 * Every human format passes it through here; machine formats escape on their own.
 */

// CSI (7-bit and 8-bit), OSC/DCS/SOS/PM/APC strings up to BEL or ST, and two-byte ESC sequences.
const ESCAPE_SEQUENCE =
  // eslint-disable-next-line no-control-regex
  /(?:\u001b\[|\u009b)[\u0030-\u003f]*[\u0020-\u002f]*[\u0040-\u007e]?|(?:\u001b[\]PX^_]|[\u0090\u0098\u009d\u009e\u009f])[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|\u001b[\u0020-\u002f]*[\u0030-\u007e]/g

// C0 except tab/newline, DEL, C1, and Unicode controls that reorder or break lines (Trojan Source).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

export const DEFAULT_MAX_LINE = 240

export interface SanitizeOptions {
  /** Longest line kept, in code points; longer lines end with '…'. */
  maxLine?: number
  /** Escape newlines too (table cells, one-line messages). */
  singleLine?: boolean
}

export function stripAnsi(s: string): string {
  return s.replace(ESCAPE_SEQUENCE, '')
}

function visible(ch: string): string {
  const code = ch.codePointAt(0) ?? 0
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`
}

export function capLine(line: string, max: number): string {
  const chars = [...line]
  return chars.length > max ? `${chars.slice(0, Math.max(0, max - 1)).join('')}…` : line
}

export function sanitizeForTerminal(s: string, options: SanitizeOptions = {}): string {
  const max = options.maxLine ?? DEFAULT_MAX_LINE
  let out = stripAnsi(String(s)).replace(CONTROL, visible)
  if (options.singleLine) out = out.replace(/\n/g, '\\n')
  return out
    .split('\n')
    .map((line) => capLine(line, max))
    .join('\n')
}

// XML 1.0 Char production: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
const XML_ILLEGAL = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu

export function stripXmlIllegal(s: string): string {
  return s.replace(XML_ILLEGAL, '')
}

const XML_ENTITIES: Record<string, string> = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;'}

/** Escaped text for XML attributes and content; escape sequences are dropped (CI UIs show them raw). */
export function escapeXml(s: string): string {
  return stripXmlIllegal(stripAnsi(String(s))).replace(/[&<>"']/g, (c) => XML_ENTITIES[c])
}

const HTML_ENTITIES: Record<string, string> = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}

/** HTML-escaped and terminal-sanitized (control characters are parse errors in HTML5 too). */
export function escapeHtml(s: string, options: SanitizeOptions = {}): string {
  return sanitizeForTerminal(s, options).replace(/[&<>"']/g, (c) => HTML_ENTITIES[c])
}
