import {describe, expect, it} from 'vitest'

import {colorEnabled} from '../../../src/cli/color.js'
import {passphraseSource} from '../../../src/cli/passphrase.js'
import {parseSince} from '../../../src/cli/since.js'

describe('colorEnabled', () => {
  it.each([
    [{isTTY: true}, {}, true],
    [{isTTY: false}, {}, false],
    [{}, {}, false],
    [{isTTY: true}, {NO_COLOR: '1'}, false],
    // no-color.org: any non-empty value disables colour; an empty one does not.
    [{isTTY: true}, {NO_COLOR: 'yes'}, false],
    [{isTTY: true}, {NO_COLOR: ''}, true],
  ])('%o with env %o -> %s', (stream, env, expected) => {
    expect(colorEnabled(stream, env)).toBe(expected)
  })
})

describe('passphraseSource', () => {
  it('uses FLEET_SSH_PASSPHRASE without prompting', async () => {
    const asked: string[] = []
    const source = passphraseSource({FLEET_SSH_PASSPHRASE: 's3cret'}, async (question) => {
      asked.push(question)
      return 'typed'
    })
    expect(await source('/keys/a')).toBe('s3cret')
    expect(asked).toEqual([])
  })

  it('prompts once per key file, naming it, one prompt at a time', async () => {
    const asked: string[] = []
    let open = 0
    const source = passphraseSource({}, async (question) => {
      open += 1
      expect(open).toBe(1)
      asked.push(question)
      await new Promise((resolve) => setTimeout(resolve, 5))
      open -= 1
      return `answer for ${question}`
    })
    const answers = await Promise.all([source('/keys/a'), source('/keys/b')])
    expect(asked).toEqual(['Passphrase for /keys/a: ', 'Passphrase for /keys/b: '])
    expect(answers[1]).toBe('answer for Passphrase for /keys/b: ')
  })

  it('names a key whose path (from an inventory) holds escapes with them visible, never raw', async () => {
    const asked: string[] = []
    const source = passphraseSource({}, async (question) => {
      asked.push(question)
      return 'x'
    })
    await source('/keys/\u001b]0;pwned\u0007\u202eyek')
    expect(asked).toEqual(['Passphrase for /keys/\\x1b]0;pwned\\x07\\u{202e}yek: '])
  })
})

describe('parseSince', () => {
  it.each([
    ['15m', 900],
    ['1h', 3600],
    ['24h', 86_400],
    ['2d', 172_800],
    ['90', 90],
  ])('%s is %d seconds', (value, seconds) => {
    expect(parseSince(value)).toBe(seconds)
  })

  it.each(['', '1y', '-5m', '0', 'soon'])('refuses %j, naming the flag', (value) => {
    expect(() => parseSince(value)).toThrow(/--since/)
  })

  // Issue 8 item 10: a window past 2^53 seconds was no whole number; every host's probe refused it (all unreachable).
  it.each(['99999999999999999999d', `${'9'.repeat(400)}s`, '3651d', '522w'])('refuses the oversized window %j as a usage error (exit 64)', (value) => {
    expect(() => parseSince(value)).toThrow(/--since: the window may be at most 3650d/)
    expect(() => parseSince(value)).toThrow(expect.objectContaining({exitCode: 64}))
  })

  it('accepts ten years', () => {
    expect(parseSince('3650d')).toBe(3650 * 86400)
  })
})
