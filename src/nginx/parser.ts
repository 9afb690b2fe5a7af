/**
 * Builds the crossplane-shaped directive tree of ONE config file from its
 * tokens. Like nginx, parsing stops at the first syntax error of the file;
 * what was read before it is kept. Nothing is validated against a directive
 * list: `map`, `types`, `geo`, ... bodies become key/value directives.
 */
import {checkBraces} from './balance.js'
import {lex, type NginxToken} from './lexer.js'
import type {NginxDirective, NginxParseError} from './types.js'

export interface ParsedFile {
  parsed: NginxDirective[]
  errors: NginxParseError[]
  /** Tokens read, against the dump's budget. */
  tokens: number
}

/** Real configs nest a handful of levels (http > server > location > if). */
export const MAX_BLOCK_DEPTH = 64

interface Failure {
  index: number
  line: number
  error: string
}

const punct = (t: NginxToken | undefined, v: string): boolean => !!t && !t.quoted && !t.lua && t.value === v

/** crossplane's `if` handling: drop the outer parentheses `(` ... `)` from the args. */
export function stripIfParens(args: string[]): string[] {
  if (args.length === 0 || !args[0].startsWith('(') || !args[args.length - 1].endsWith(')')) return args
  const out = [...args]
  out[0] = out[0].slice(1).trimStart()
  out[out.length - 1] = out[out.length - 1].slice(0, -1).trimEnd()
  return out.filter((a, i) => a !== '' || (i !== 0 && i !== out.length - 1))
}

export function parseConfig(text: string, file: string, maxTokens?: number): ParsedFile {
  const {tokens, error: lexError, eofLine} = lex(text, maxTokens)
  const braceError = checkBraces(tokens, eofLine)
  // A lexer error truncates the tokens: an "expecting }" at their end is not real.
  const realBraceError = braceError && !(lexError && braceError.index === tokens.length) ? braceError : undefined
  const stop = realBraceError ? realBraceError.index : tokens.length
  let failure: Failure | undefined
  let i = 0

  const parseBlock = (depth: number): NginxDirective[] => {
    const out: NginxDirective[] = []
    while (i < stop && !failure) {
      if (punct(tokens[i], '}')) return out
      const first = tokens[i]
      if (punct(first, ';') || punct(first, '{')) {
        failure = {index: i, line: first.line, error: `unexpected "${first.value}"`}
        return out
      }
      const words: NginxToken[] = []
      while (i < stop && !punct(tokens[i], ';') && !punct(tokens[i], '{') && !punct(tokens[i], '}')) words.push(tokens[i++])
      if (i >= stop) {
        // Words with no terminator: end of file (or the brace error comes first).
        if (stop === tokens.length && !lexError) failure = {index: i, line: eofLine, error: 'unexpected end of file, expecting ";" or "}"'}
        return out
      }
      const end = tokens[i]
      if (end.value === '}') {
        failure = {index: i, line: end.line, error: 'unexpected "}"'}
        return out
      }
      const name = words[0].value
      const rawArgs = words.slice(1).map((w) => w.value)
      const node: NginxDirective = {directive: name, args: name === 'if' ? stripIfParens(rawArgs) : rawArgs, file, line: words[0].line}
      i++
      if (end.value === '{' && depth >= MAX_BLOCK_DEPTH) {
        // Every walk over the tree recurses per level: a dump of 100,000 `{` overflowed the stack.
        failure = {index: i - 1, line: end.line, error: `blocks nested more than ${MAX_BLOCK_DEPTH} deep`}
        return out
      }
      if (end.value === '{') {
        node.block = parseBlock(depth + 1)
        if (failure) {
          out.push(node)
          return out
        }
        if (i < stop) i++ // the closing '}'
      }
      out.push(node)
    }
    return out
  }

  // A '}' at top level is the brace pass's error (stop), so one call reads the file.
  const parsed = parseBlock(0)

  const errors: NginxParseError[] = []
  const candidates: Failure[] = []
  if (failure) candidates.push(failure)
  if (realBraceError) candidates.push(realBraceError)
  if (lexError) candidates.push({index: tokens.length, line: lexError.line, error: lexError.error})
  candidates.sort((a, b) => a.index - b.index)
  if (candidates[0]) errors.push({file, line: candidates[0].line, error: candidates[0].error})
  return {parsed, errors, tokens: tokens.length}
}

/** `MESSAGE in FILE:LINE`, the way `nginx -t` prints it. */
export function formatParseError(e: NginxParseError): string {
  return e.line === null ? `${e.error} in ${e.file}` : `${e.error} in ${e.file}:${e.line}`
}
