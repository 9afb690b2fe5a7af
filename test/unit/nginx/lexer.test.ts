import {describe, expect, it} from 'vitest'
import {lex, unescapeWord} from '../../../src/nginx/lexer.js'

const values = (text: string) => lex(text).tokens.map((t) => t.value)

describe('lex (ngx_conf_read_token rules)', () => {
  it.each([
    ['a b;', ['a', 'b', ';']],
    ['a "b c";', ['a', 'b c', ';']],
    ["a 'b;{}c';", ['a', 'b;{}c', ';']],
    ['a b#c;', ['a', 'b#c', ';']], // '#' inside a word is not a comment
    ['a b # c;\n;', ['a', 'b', ';']],
    ['a b}c;', ['a', 'b}c', ';']], // '}' does not end a word
    ['a ${host}x;', ['a', '${host}x', ';']], // '${' keeps the brace in the word
    ['a b\\;c;', ['a', 'b\\;c', ';']], // escaped ';' stays a word char, backslash kept
    ['a "x\\"y" \'p\\\'q\';', ['a', 'x"y', "p'q", ';']],
    ['a "t\\tn\\n";', ['a', 't\tn\n', ';']],
    ['a "\\d+";', ['a', '\\d+', ';']], // unknown escapes keep the backslash
    ['if ($a = "b") {}', ['if', '($a', '=', 'b', ')', '{', '}']],
    ['a{b;}', ['a', '{', 'b', ';', '}']],
  ])('%j', (text, expected) => {
    expect(values(text)).toEqual(expected)
  })

  it('marks quoted tokens so a quoted ";" is text, not a terminator', () => {
    const [, semi, end] = lex('a ";";').tokens
    expect(semi).toEqual({value: ';', line: 1, quoted: true})
    expect(end.quoted).toBe(false)
  })

  it('counts lines inside quoted words and starts tokens at their first line', () => {
    const {tokens} = lex('a "x\ny"\n  b;')
    expect(tokens.map((t) => [t.value, t.line])).toEqual([['a', 1], ['x\ny', 1], ['b', 3], [';', 3]])
  })

  it('reads a *_by_lua_block body raw, braces in Lua strings, long strings and comments ignored', () => {
    const text = 'content_by_lua_block {\n  local t = {a = "}"}\n  -- } \n  s = [==[ } ]==]\n}\nnext 1;\n'
    const {tokens, error} = lex(text)
    expect(error).toBeUndefined()
    expect(tokens[1].lua).toBe(true)
    expect(tokens[1].value).toBe('\n  local t = {a = "}"}\n  -- } \n  s = [==[ } ]==]\n')
    expect(tokens.slice(2).map((t) => [t.value, t.line])).toEqual([[';', 5], ['next', 6], ['1', 6], [';', 6]])
  })

  it('rejects a character glued to a closing quote, as nginx does', () => {
    expect(lex('a "b"c;').error).toEqual({line: 1, error: 'unexpected "c"'})
    expect(lex('a "b");').error).toBeUndefined()
  })

  it('reports an unterminated quote at the end-of-file line', () => {
    expect(lex('a "b;\n\n').error).toEqual({line: 3, error: 'unexpected end of file, expecting ";" or "}"'})
  })

  it('unescapeWord only rewrites the escapes nginx knows', () => {
    expect(unescapeWord('\\"\\\'\\\\\\x')).toBe('"\'\\\\x')
  })
})
