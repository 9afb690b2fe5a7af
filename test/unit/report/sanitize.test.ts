import {describe, expect, it} from 'vitest'
import {escapeControls, escapeHtml, escapeXml, isClean, sanitizeDeep, sanitizeForTerminal, stripAnsi, stripXmlIllegal} from '../../../src/report/sanitize.js'
import {HOSTILE} from '../../fixtures/report/fleet.js'

// Anything a terminal would act on: ESC, BEL, CR, BS, 8-bit CSI, bidi override.
// eslint-disable-next-line no-control-regex
const ACTIVE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/

describe('sanitizeForTerminal', () => {
  const cases: Array<[string, string]> = [
    ['plain text', 'plain text'],
    ['tab\tkept', 'tab\tkept'],
    // Escape sequences stay visible but inert: the operator sees that something was there.
    ['\u001b[1;31mbold red\u001b[0m', '\\x1b[1;31mbold red\\x1b[0m'],
    ['title \u001b]0;owned\u0007 after', 'title \\x1b]0;owned\\x07 after'],
    ['title \u001b]2;owned\u001b\\ after', 'title \\x1b]2;owned\\x1b\\ after'],
    ['hyperlink \u001b]8;;http://x\u001b\\text\u001b]8;;\u001b\\', 'hyperlink \\x1b]8;;http://x\\x1b\\text\\x1b]8;;\\x1b\\'],
    ['bell\u0007', 'bell\\x07'],
    ['cr\roverwrite', 'cr\\x0doverwrite'],
    ['c1 \u009b2J', 'c1 \\x9b2J'],
    ['del\u007f', 'del\\x7f'],
    ['lone esc \u001b', 'lone esc \\x1b'],
    ['bidi \u202eevil', 'bidi \\u{202e}evil'],
  ]
  it.each(cases)('%j => %j', (input, expected) => {
    expect(sanitizeForTerminal(input)).toBe(expected)
  })

  it('leaves nothing a terminal acts on in the hostile fixture', () => {
    const out = sanitizeForTerminal(HOSTILE)
    expect(out).not.toMatch(ACTIVE)
    expect(out).toContain('red')
    expect(out).toContain('\\x1b]0;pwned-title\\x07')
  })

  it('caps each line and keeps newlines unless singleLine', () => {
    const long = 'x'.repeat(500)
    const out = sanitizeForTerminal(`${long}\nshort`, {maxLine: 50})
    const [first, second] = out.split('\n')
    expect([...first].length).toBe(50)
    expect(first.endsWith('…')).toBe(true)
    expect(second).toBe('short')
    expect(sanitizeForTerminal('a\nb', {singleLine: true})).toBe('a\\nb')
  })
})

describe('XML and HTML escaping', () => {
  it('strips characters illegal in XML 1.0 and escapes markup', () => {
    expect(stripXmlIllegal('a\u0000b\u0008c\u000bd\ud800e\ufffff\u{1f600}')).toBe('abcdef\u{1f600}')
    expect(escapeXml(escapeControls('<a href="x">&\'</a>\u001b[31m'))).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;\\x1b[31m')
    expect(stripAnsi('\u001b[31mred\u001b[0m')).toBe('red')
  })

  it('escapes HTML after sanitizing', () => {
    expect(escapeHtml('<script>alert(1)</script>\u0007')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;\\x07')
  })
})

describe('escapeControls and sanitizeDeep: the one policy', () => {
  it.each([
    ['NUL \u0000', 'NUL \\x00'],
    ['C1 \u0080 \u0085 \u009f', 'C1 \\x80 \\x85 \\x9f'],
    ['isolates \u2066x\u2069 \u061c', 'isolates \\u{2066}x\\u{2069} \\u{61c}'],
    ['separators \u2028 \u2029', 'separators \\u{2028} \\u{2029}'],
    ['zero width \u200b\u200d\ufeff', 'zero width \\u{200b}\\u{200d}\\u{feff}'],
    ['lone \ud800 and \udfff', 'lone \\u{d800} and \\u{dfff}'],
    ['pair \u{1f600} kept, é kept', 'pair \u{1f600} kept, é kept'],
    ['tab\tand\nline feed kept', 'tab\tand\nline feed kept'],
  ])('%j => %j', (input, expected) => {
    expect(escapeControls(input)).toBe(expected)
    expect(isClean(escapeControls(input))).toBe(true)
    // Idempotent: sanitising a sanitised string changes nothing.
    expect(escapeControls(escapeControls(input))).toBe(expected)
  })

  it('reaches every string at any depth, keys included, and leaves other values alone', () => {
    const input = {
      a: 'x\u001b',
      n: 3,
      ok: true,
      none: null,
      list: ['\u009b', ['\u202e'], {deep: '\u0007'}],
      ['key\u001b']: 'v',
    }
    expect(sanitizeDeep(input)).toEqual({a: 'x\\x1b', n: 3, ok: true, none: null, list: ['\\x9b', ['\\u{202e}'], {deep: '\\x07'}], 'key\\x1b': 'v'})
    // A copy: the caller's report is not changed under it.
    expect(input.a).toBe('x\u001b')
  })

  it('keeps a key named __proto__ (a host can be called that) as a key, not a prototype', () => {
    const input = JSON.parse('{"__proto__": {"evidence": "x\\u001b"}, "constructor": "c"}') as Record<string, unknown>
    const out = sanitizeDeep(input) as Record<string, unknown>
    expect(Object.keys(out)).toEqual(['__proto__', 'constructor'])
    expect(JSON.stringify(out)).toBe('{"__proto__":{"evidence":"x\\\\x1b"},"constructor":"c"}')
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype)
  })
})
