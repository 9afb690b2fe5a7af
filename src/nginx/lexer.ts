/**
 * nginx config tokenizer, a port of the rules of `ngx_conf_read_token`
 * (src/core/ngx_conf_file.c), so token boundaries, escapes and error lines
 * match what `nginx -t` sees.
 */
import {readLuaBlock} from './lua-block.js'

export interface NginxToken {
  value: string
  /** Line where the token starts (1-based). */
  line: number
  /** Written inside '...' or "...": `;` `{` `}` in it are plain text. */
  quoted: boolean
  /** Raw body of a `*_by_lua_block { ... }` (crossplane's lua extension). */
  lua?: boolean
}

export interface LexError {
  line: number
  error: string
}

export interface LexResult {
  tokens: NginxToken[]
  /** First error, tokens stop there (nginx stops too). */
  error?: LexError
  /** Line nginx reports for "unexpected end of file". */
  eofLine: number
}

const SPACE = new Set([' ', '\t', '\r', '\n'])

/** The only escapes nginx rewrites; any other `\x` keeps its backslash. */
const ESCAPES: Record<string, string> = {'"': '"', "'": "'", '\\': '\\', t: '\t', r: '\r', n: '\n'}

export function unescapeWord(raw: string): string {
  let out = ''
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]
    const next = raw[i + 1]
    if (ch === '\\' && next !== undefined && next in ESCAPES) {
      out += ESCAPES[next]
      i++
    } else {
      out += ch
    }
  }
  return out
}

/** Directives whose `{...}` body is Lua source, not nginx syntax. */
const isLuaBlockDirective = (name: string): boolean => name.endsWith('_by_lua_block')

/** `maxTokens`: stop there with an error (a dump is parsed under one budget, see parse-dump.ts). */
export function lex(text: string, maxTokens = Number.POSITIVE_INFINITY): LexResult {
  const tokens: NginxToken[] = []
  let line = 1
  let pos = 0
  // Tokens of the statement being read: a `*_by_lua_block` name must be first.
  let statementStart = 0

  const fail = (error: string): LexResult => ({tokens, error: {line, error}, eofLine: line})

  while (pos < text.length) {
    if (tokens.length >= maxTokens) return fail(`config too large: more than ${maxTokens} tokens; the rest is not read`)
    const ch = text[pos]
    if (SPACE.has(ch)) {
      if (ch === '\n') line++
      pos++
      continue
    }
    if (ch === '#') {
      while (pos < text.length && text[pos] !== '\n') pos++
      continue
    }
    if (ch === ';' || ch === '{' || ch === '}') {
      const head = tokens[statementStart]
      if (ch === '{' && head && !head.quoted && isLuaBlockDirective(head.value) && tokens.length > statementStart) {
        const body = readLuaBlock(text, pos, line)
        if ('error' in body) {
          line = body.line
          return fail(body.error)
        }
        tokens.push({value: body.value, line, quoted: false, lua: true})
        tokens.push({value: ';', line: body.endLine, quoted: false})
        line = body.endLine
        pos = body.end
        statementStart = tokens.length
        continue
      }
      tokens.push({value: ch, line, quoted: false})
      pos++
      statementStart = tokens.length
      continue
    }

    const startLine = line
    if (ch === '"' || ch === "'") {
      // Quoted word: ends at the matching unescaped quote; must be followed by space, ; { or ).
      let i = pos + 1
      let raw = ''
      while (true) {
        if (i >= text.length) {
          line += countLf(raw)
          return fail('unexpected end of file, expecting ";" or "}"')
        }
        const c = text[i]
        if (c === '\\' && i + 1 < text.length) {
          raw += c + text[i + 1]
          i += 2
          continue
        }
        if (c === ch) break
        raw += c
        i++
      }
      line += countLf(raw)
      tokens.push({value: unescapeWord(raw), line: startLine, quoted: true})
      pos = i + 1
      const after = text[pos]
      if (after !== undefined && !SPACE.has(after) && after !== ';' && after !== '{' && after !== ')') {
        return fail(`unexpected "${after}"`)
      }
      continue
    }

    // Bare word: ends at space, ';' or '{' ('}' and '#' do not end it); '\' escapes
    // the next char; '${' does not end it so `${var}` stays one word.
    let i = pos
    let raw = ''
    let variable = false
    while (i < text.length) {
      const c = text[i]
      if (c === '{' && variable) {
        raw += c
        i++
        variable = false
        continue
      }
      variable = false
      if (c === '\\' && i + 1 < text.length) {
        raw += c + text[i + 1]
        i += 2
        continue
      }
      if (c === '$') variable = true
      if (SPACE.has(c) || c === ';' || c === '{') break
      raw += c
      i++
    }
    line += countLf(raw)
    tokens.push({value: unescapeWord(raw), line: startLine, quoted: false})
    pos = i
    if (pos >= text.length) {
      // nginx needs a terminator after the last word.
      return fail('unexpected end of file, expecting ";" or "}"')
    }
  }
  return {tokens, eofLine: line}
}

function countLf(s: string): number {
  let n = 0
  for (const c of s) if (c === '\n') n++
  return n
}
