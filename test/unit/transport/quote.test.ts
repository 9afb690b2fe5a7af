import {spawnSync} from 'node:child_process'
import {describe, expect, it} from 'vitest'
import {shellJoin, shellQuote} from '../../../src/transport/quote.js'

/** Runs the quoted line through a real POSIX sh and returns the argv it saw (NUL-separated by printf). */
function roundTrip(argv: string[]): string[] {
  const line = `printf '%s\\0' ${shellJoin(argv)}`
  const out = spawnSync('sh', ['-c', line], {encoding: 'utf8'})
  expect(out.status).toBe(0)
  return out.stdout.split('\0').slice(0, -1)
}

const NASTY = [
  "it's",
  "''",
  'a"b',
  'two\nlines',
  '$(touch /tmp/fleet-quote-pwned)',
  '`id`',
  'a;b',
  'a && b || c',
  '',
  '-n',
  '--',
  '*',
  '~root',
  '$HOME',
  'back\\slash',
  'tab\there',
  '\u00e9\u4e2d\u{1F600}',
  ' leading and trailing ',
  '!',
  '#comment',
]

describe('shellQuote / shellJoin', () => {
  it('round-trips every awkward argument through sh -c unchanged', () => {
    expect(roundTrip(NASTY)).toEqual(NASTY)
  })

  it('round-trips each argument on its own', () => {
    for (const arg of NASTY) expect(roundTrip([arg])).toEqual([arg])
  })

  it('round-trips every ASCII byte 1..127 in one argument', () => {
    const all = Array.from({length: 127}, (_, i) => String.fromCharCode(i + 1)).join('')
    expect(roundTrip([all])).toEqual([all])
  })

  it('quotes the empty string so it stays an argument', () => {
    expect(shellQuote('')).toBe("''")
    expect(roundTrip(['a', '', 'b'])).toEqual(['a', '', 'b'])
  })

  it('leaves plain words readable', () => {
    expect(shellQuote('/var/log/nginx/error.log')).toBe('/var/log/nginx/error.log')
    expect(shellJoin(['nginx', '-T'])).toBe('nginx -T')
  })

  it('refuses NUL, which no argv element can carry', () => {
    expect(() => shellQuote('a\0b')).toThrow(/NUL/)
  })
})
