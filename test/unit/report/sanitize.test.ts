import {describe, expect, it} from 'vitest'
import {escapeControls, escapeHtml, escapeXml, sanitizeForTerminal, stripAnsi, stripXmlIllegal} from '../../../src/report/sanitize.js'
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
