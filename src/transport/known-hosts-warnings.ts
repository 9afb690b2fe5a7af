import type {KnownHostsProblem} from './known-hosts.js'

const SHOWN = 5
const MAX_TEXT = 120

/** Control characters, bidi overrides and line separators from a file never reach the terminal as such. */
export function cleanText(text: string): string {
  const escaped = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) =>
    c === '\t' ? '\\t' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
  return escaped.length > MAX_TEXT ? `${escaped.slice(0, MAX_TEXT)}...` : escaped
}

/**
 * What to tell the operator about lines OpenSSH would skip too: one warning per file,
 * naming each FILE:LINE (the first few), and a loud one for each malformed `@revoked`
 * line, since a key the user meant to revoke is then NOT revoked.
 */
export function knownHostsWarnings(problems: KnownHostsProblem[]): string[] {
  const byFile = new Map<string, KnownHostsProblem[]>()
  for (const problem of problems) byFile.set(problem.file, [...(byFile.get(problem.file) ?? []), problem])
  const out: string[] = []
  for (const [file, list] of byFile) {
    const where = (p: KnownHostsProblem) => `${cleanText(file)}:${p.line}`
    for (const p of list.filter((problem) => problem.revoked)) {
      out.push(
        `${where(p)}: malformed @revoked line IGNORED (${cleanText(p.message)}): the key it was meant to revoke is NOT revoked; fix that line`,
      )
    }
    const plain = list.filter((problem) => !problem.revoked)
    if (plain.length === 0) continue
    const shown = plain.slice(0, SHOWN).map((p) => `${where(p)} (${cleanText(p.message)})`)
    const more = plain.length > SHOWN ? ` and ${plain.length - SHOWN} more` : ''
    out.push(`known_hosts ${cleanText(file)}: ${plain.length} malformed line${plain.length === 1 ? '' : 's'} ignored: ${shown.join(', ')}${more}`)
  }
  return out
}
