/**
 * Where an unanchored pattern with `.*` (or `.*?`) before a literal must end, so it runs on no more of the line than
 * that: `needle` (a literal every match holds) and `end` (the pattern's last piece, a global regex cheap to scan).
 */
export interface MatchEnd {
  needle: string
  end: RegExp
}

/**
 * `pattern.exec(text)` without its quadratic worst case. Unanchored, `child (\d+)(?:, .*)? execution timed out...`
 * tries each `child N` of the line and from each runs `.*` to the end of the line and back (a 288 KB line of
 * `child 1, ` took 7 s); lines also come from the journal and the pool logs, written by anyone. Every match ends
 * where `end` ends, so the pattern is run only on the text up to the last such place (no such place: no match).
 * That is the same result as `pattern.exec(text)` (`end` must be exactly the pattern's last piece, and may not end
 * inside a longer match of itself), and the first place the pattern can start then matches in one pass.
 */
export function execBounded(pattern: RegExp, text: string, bound: MatchEnd | undefined): RegExpExecArray | null {
  if (!bound) return pattern.exec(text)
  if (!text.includes(bound.needle)) return null
  const end = new RegExp(bound.end.source, bound.end.flags.includes('g') ? bound.end.flags : `${bound.end.flags}g`)
  let last = -1
  for (let match = end.exec(text); match; match = end.exec(text)) {
    last = end.lastIndex
    if (match[0] === '') end.lastIndex++
  }
  if (last < 0) return null
  return pattern.exec(last === text.length ? text : text.slice(0, last))
}
