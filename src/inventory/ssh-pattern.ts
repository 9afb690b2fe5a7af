/**
 * OpenSSH pattern matching (match.c): `*` any run, `?` exactly one character, `!` negates;
 * in a list, any matching negated pattern rejects, otherwise one positive match accepts.
 * Host names compare case-insensitively, as ssh lowercases the host it is given.
 */
function toRegExp(pattern: string): RegExp {
  const body = [...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('')
  return new RegExp(`^${body}$`, 'i')
}

export function matchPatternList(patterns: readonly string[], text: string): boolean {
  let matched = false
  for (const p of patterns) {
    if (p.startsWith('!')) {
      if (toRegExp(p.slice(1)).test(text)) return false
    } else if (toRegExp(p).test(text)) matched = true
  }
  return matched
}
