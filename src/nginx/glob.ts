/**
 * `include` glob patterns matched against the file names of an `nginx -T`
 * dump, the way nginx's glob(3) call would have matched them on the host:
 * fnmatch with FNM_PATHNAME (wildcards never cross `/`) and FNM_PERIOD (a
 * leading `.` is matched only literally), results sorted byte-wise (nginx
 * does not call setlocale, so the C locale applies).
 */

/** nginx's own test (ngx_conf_include): any of these makes it a glob. */
export const hasGlob = (path: string): boolean => /[*?[]/.test(path)

/** One pattern character: a literal, `?`, a bracket class, or `*`. */
type Token =
  | {kind: 'literal'; ch: string}
  | {kind: 'any'}
  | {kind: 'star'}
  | {kind: 'class'; negate: boolean; items: Array<[string, string]>}

/** Parses one path component; an unterminated `[` is literal, as in fnmatch. */
function componentTokens(part: string): Token[] {
  const tokens: Token[] = []
  for (let i = 0; i < part.length; i++) {
    const c = part[i]
    if (c === '\\' && i + 1 < part.length) {
      tokens.push({kind: 'literal', ch: part[++i]})
    } else if (c === '*') {
      tokens.push({kind: 'star'})
    } else if (c === '?') {
      tokens.push({kind: 'any'})
    } else if (c === '[') {
      // A ']' first in the class (after an optional '!') is a member, not the end.
      const bodyStart = i + 1 + (part[i + 1] === '!' || part[i + 1] === '^' ? 1 : 0)
      const close = part.indexOf(']', bodyStart + 1)
      if (close < 0) {
        tokens.push({kind: 'literal', ch: '['})
        continue
      }
      let body = part.slice(i + 1, close)
      const negate = body[0] === '!' || body[0] === '^'
      if (negate) body = body.slice(1)
      const items: Array<[string, string]> = []
      for (let k = 0; k < body.length; k++) {
        if (k + 2 < body.length && body[k + 1] === '-') {
          items.push([body[k], body[k + 2]])
          k += 2
        } else items.push([body[k], body[k]])
      }
      tokens.push({kind: 'class', negate, items})
      i = close
    } else {
      tokens.push({kind: 'literal', ch: c})
    }
  }
  return tokens
}

function matchesOne(token: Token, ch: string): boolean {
  switch (token.kind) {
    case 'literal':
      return token.ch === ch
    case 'any':
      return true
    case 'class':
      return token.items.some(([lo, hi]) => ch >= lo && ch <= hi) !== token.negate
    default:
      return false
  }
}

/**
 * fnmatch of one component, without a regular expression: the pattern comes from a host's
 * config, and a regex of many `*` backtracks exponentially on a crafted name. This is the
 * classic two-pointer match (back to the last `*` on a mismatch): at most pattern x name steps.
 * FNM_PERIOD: a leading `.` is matched only by a literal `.`.
 */
function matchComponent(tokens: Token[], name: string): boolean {
  if (name.startsWith('.') && !(tokens[0]?.kind === 'literal' && tokens[0].ch === '.')) return false
  let t = 0
  let n = 0
  let starT = -1
  let starN = 0
  while (n < name.length) {
    const token = tokens[t]
    if (token && token.kind !== 'star' && matchesOne(token, name[n])) {
      t++
      n++
    } else if (token?.kind === 'star') {
      starT = t++
      starN = n
    } else if (starT >= 0) {
      t = starT + 1
      n = ++starN
    } else return false
  }
  while (tokens[t]?.kind === 'star') t++
  return t === tokens.length
}

/** A matcher for a whole path pattern: wildcards never cross `/` (FNM_PATHNAME). */
export function globMatcher(pattern: string): (name: string) => boolean {
  const parts = pattern.split('/').map(componentTokens)
  return (name) => {
    const names = name.split('/')
    return names.length === parts.length && parts.every((tokens, i) => matchComponent(tokens, names[i]))
  }
}

/** Byte order, as strcmp in the C locale. */
export const byteOrder = (a: string, b: string): number => {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return Buffer.compare(x, y)
}

export function matchGlob(pattern: string, names: Iterable<string>): string[] {
  const matches = globMatcher(pattern)
  return [...names].filter(matches).sort(byteOrder)
}
