/**
 * Ansible-style host patterns for waivers: `web*`, `web*:!web03`, `prod:&nginx`, `~db\d+`,
 * `all`, lists joined by `,` or `:`, and host ranges `web[01:03]` / `web[01-03]` (the latter is
 * how reports fold hosts, so a range copied from a report works as a pattern).
 * A term matches a host when it matches the host name or one of its groups.
 */

export type HostMatcher = (host: string, groups?: string[]) => boolean

const MAX_RANGE = 10_000

/** Splits on `,` and `:` outside brackets (ranges use `:` too). */
function splitTerms(pattern: string): string[] {
  const terms: string[] = []
  let depth = 0
  let current = ''
  for (const ch of pattern) {
    if (ch === '[') depth++
    if (ch === ']') depth = Math.max(0, depth - 1)
    if (depth === 0 && (ch === ',' || ch === ':')) {
      terms.push(current.trim())
      current = ''
    } else current += ch
  }
  terms.push(current.trim())
  return terms.filter(Boolean)
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')

function bracket(content: string): string {
  const numeric = /^(\d+)[:-](\d+)$/.exec(content)
  if (numeric) {
    const [, from, to] = numeric
    const width = from.length > 1 && from.startsWith('0') ? from.length : 0
    const [lo, hi] = [Number(from), Number(to)]
    if (hi < lo || hi - lo >= MAX_RANGE) throw new Error(`host range [${content}] is empty or longer than ${MAX_RANGE}`)
    const values: string[] = []
    for (let n = lo; n <= hi; n++) values.push(String(n).padStart(width, '0'))
    return `(?:${values.join('|')})`
  }
  const letters = /^([a-zA-Z])[:-]([a-zA-Z])$/.exec(content)
  if (letters) return `[${letters[1]}-${letters[2]}]`
  // fnmatch character class; `!` negates as in Python's fnmatch.
  const body = content.replace(/\\/g, '\\\\').replace(/^!/, '^')
  return `[${body}]`
}

export function globToRegExp(glob: string): RegExp {
  let re = ''
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]
    if (ch === '*') re += '.*'
    else if (ch === '?') re += '.'
    else if (ch === '[') {
      const end = glob.indexOf(']', i + 1)
      if (end < 0) throw new Error(`unclosed '[' in ${JSON.stringify(glob)}`)
      re += bracket(glob.slice(i + 1, end))
      i = end
    } else re += escapeRe(ch)
  }
  return new RegExp(`^${re}$`)
}

function termMatcher(term: string): (names: string[]) => boolean {
  if (term === 'all' || term === '*') return () => true
  let re: RegExp
  if (term.startsWith('~')) {
    try {
      // Ansible applies ~patterns with re.match: anchored at the start only.
      re = new RegExp(`^(?:${term.slice(1)})`)
    } catch (error) {
      throw new Error(`invalid regular expression ${JSON.stringify(term)}: ${(error as Error).message}`)
    }
  } else re = globToRegExp(term)
  return (names) => names.some((n) => re.test(n))
}

/** Compiles a pattern; throws (with the offending part named) on a bad range or regex. */
export function compileHostPattern(pattern: string): HostMatcher {
  const include: Array<(names: string[]) => boolean> = []
  const intersect: Array<(names: string[]) => boolean> = []
  const exclude: Array<(names: string[]) => boolean> = []
  for (const term of splitTerms(pattern)) {
    if (term.startsWith('!')) exclude.push(termMatcher(term.slice(1)))
    else if (term.startsWith('&')) intersect.push(termMatcher(term.slice(1)))
    else include.push(termMatcher(term))
  }
  if (include.length === 0 && intersect.length === 0 && exclude.length === 0) throw new Error('empty host pattern')
  return (host, groups = []) => {
    const names = [host, ...groups]
    const included = include.length === 0 ? true : include.some((m) => m(names))
    return included && intersect.every((m) => m(names)) && !exclude.some((m) => m(names))
  }
}
