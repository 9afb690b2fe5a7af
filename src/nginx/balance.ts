/**
 * Brace balancing as its own pass (crossplane's `_balance_braces`), so a
 * stray `}` or a missing one is reported the way nginx words it, with the
 * line nginx reports, before the tree is built.
 */
import type {NginxToken} from './lexer.js'

export interface BraceError {
  /** Index of the offending token; `tokens.length` for end of file. */
  index: number
  line: number
  error: string
}

const isOpen = (t: NginxToken): boolean => !t.quoted && !t.lua && t.value === '{'
const isClose = (t: NginxToken): boolean => !t.quoted && !t.lua && t.value === '}'

export function checkBraces(tokens: NginxToken[], eofLine: number): BraceError | undefined {
  let depth = 0
  for (const [index, token] of tokens.entries()) {
    if (isOpen(token)) depth++
    if (isClose(token)) {
      depth--
      if (depth < 0) return {index, line: token.line, error: 'unexpected "}"'}
    }
  }
  if (depth > 0) return {index: tokens.length, line: eofLine, error: 'unexpected end of file, expecting "}"'}
  return undefined
}
