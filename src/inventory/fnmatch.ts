/**
 * Python's fnmatch.translate, which Ansible uses for host patterns: `*`, `?`, `[seq]`, `[!seq]`
 * (so `web0[1-5]` is a character class). One addition: a bracket of two numbers, `[01:03]` or
 * `[01-03]`, is a numeric host range as inventories write them (the start's zero padding is
 * kept), so a range copied from an inventory or from a report's folded host list matches the
 * hosts it names. For one-digit bounds this is the same set as the character class.
 */
export const MAX_PATTERN_RANGE = 10_000

export class PatternError extends Error {}

function numericRange(from: string, to: string): string {
  const width = from.length > 1 && from.startsWith('0') ? from.length : 0
  const [lo, hi] = [Number(from), Number(to)]
  if (hi < lo) throw new PatternError(`range [${from}-${to}] is empty (the end is before the start)`)
  if (hi - lo >= MAX_PATTERN_RANGE) throw new PatternError(`range [${from}-${to}] is longer than ${MAX_PATTERN_RANGE}`)
  const values: string[] = []
  for (let n = lo; n <= hi; n++) values.push(String(n).padStart(width, '0'))
  return `(?:${values.join('|')})`
}

export function fnmatchSource(pattern: string): string {
  let out = ''
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]
    if (c === '*') out += '.*'
    else if (c === '?') out += '.'
    else if (c === '[') {
      let j = i + 1
      if (pattern[j] === '!') j++
      if (pattern[j] === ']') j++
      while (j < pattern.length && pattern[j] !== ']') j++
      if (j >= pattern.length) out += '\\['
      else {
        const inner = pattern.slice(i + 1, j)
        const range = /^([0-9]+)[:-]([0-9]+)$/.exec(inner)
        if (range) out += numericRange(range[1], range[2])
        else {
          let body = inner.replace(/\\/g, '\\\\')
          if (body.startsWith('!')) body = `^${body.slice(1)}`
          else if (body.startsWith('^')) body = `\\${body}`
          out += `[${body}]`
        }
        i = j
      }
    } else out += c.replace(/[.+^${}()|\\\]]/g, '\\$&')
  }
  return out
}

/** Throws PatternError on a numeric range that is reversed or longer than MAX_PATTERN_RANGE. */
export function fnmatchRegExp(pattern: string): RegExp {
  return new RegExp(`^(?:${fnmatchSource(pattern)})$`, 's')
}
