/**
 * Reads the Lua body of a `*_by_lua_block { ... }` directive as one raw
 * argument, as crossplane's lua extension and lua-nginx-module do: braces
 * inside Lua strings, long brackets and comments do not count.
 */

export type LuaBlockResult =
  | {value: string; end: number; endLine: number}
  | {error: string; line: number}

/** `[[`, `[=[`, `[==[`...: returns the level (number of `=`) or -1. */
function longBracketLevel(text: string, pos: number): number {
  if (text[pos] !== '[') return -1
  let i = pos + 1
  while (text[i] === '=') i++
  return text[i] === '[' ? i - pos - 1 : -1
}

/** `open` is the index of the opening `{`. */
export function readLuaBlock(text: string, open: number, startLine: number): LuaBlockResult {
  let depth = 0
  let line = startLine
  let i = open
  const skipTo = (close: string, from: number): number => {
    const at = text.indexOf(close, from)
    const end = at < 0 ? text.length : at + close.length
    line += lfBetween(text, i, end)
    return end
  }

  while (i < text.length) {
    const c = text[i]
    if (c === '\n') {
      line++
      i++
    } else if (c === '{') {
      depth++
      i++
    } else if (c === '}') {
      depth--
      i++
      if (depth === 0) return {value: text.slice(open + 1, i - 1), end: i, endLine: line}
    } else if (c === '"' || c === "'") {
      let j = i + 1
      while (j < text.length && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1
      line += lfBetween(text, i, j)
      i = j + 1
    } else if (c === '-' && text[i + 1] === '-') {
      const level = longBracketLevel(text, i + 2)
      if (level >= 0) {
        i = skipTo(']' + '='.repeat(level) + ']', i + 2)
      } else {
        // Line comment: stop at the newline, the loop counts it.
        const nl = text.indexOf('\n', i)
        i = nl < 0 ? text.length : nl
      }
    } else if (c === '[' && longBracketLevel(text, i) >= 0) {
      const level = longBracketLevel(text, i)
      i = skipTo(']' + '='.repeat(level) + ']', i + 1)
    } else {
      i++
    }
  }
  return {error: 'unexpected end of file, expecting "}"', line}
}

function lfBetween(text: string, from: number, to: number): number {
  let n = 0
  for (let k = from; k < to && k < text.length; k++) if (text[k] === '\n') n++
  return n
}
