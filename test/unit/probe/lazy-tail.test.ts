/**
 * The kernel log tail is split into lines only when something reads them all; the OOM
 * check finds its few candidate lines in the text (linesMatching). Both must give exactly
 * what the eager split gives, on a real busy host's kernel log.
 */
import {describe, expect, it} from 'vitest'
import {KERNEL_SCREEN_NEEDLES} from '../../../src/logs/classify-kernel.js'
import {linesMatching, toLazyLogTail} from '../../../src/logs/tail-lines.js'
import {toLogTail} from '../../../src/probe/logs.js'
import {fixture, FIXTURE_NONCE} from './fixtures.js'

const MARKER = /^-- .* --$/
const kernelBody = (() => {
  const text = fixture('evidence-stock.txt')
  const begin = text.indexOf(`==FLEET ${FIXTURE_NONCE} BEGIN kernel `)
  const start = text.indexOf('\n', begin) + 1
  return text.slice(start, text.indexOf(`==FLEET ${FIXTURE_NONCE} END kernel `, start))
})()
const oom = (pid: number) => `[Fri Dec  4 21:40:06 2026] Out of memory: Killed process ${pid} (php-fpm8.2) total-vm:1kB`

describe('lazy log tails', () => {
  const bodies: Array<[string, string]> = [
    ['a real busy kernel log', kernelBody],
    ['with CRLF ends, journal markers and OOM lines first and last', `${oom(1)}\r\n-- Boot 0123 --\n${kernelBody}${oom(2)} Kill twice oom-kill\r\n-- No entries --\n${oom(3)}`],
    ['one line, no newline', oom(4)],
    ['empty', ''],
  ]
  for (const [what, body] of bodies) {
    for (const [truncated, asBytes] of [[false, false], [true, false], [false, true], [true, true]]) {
      it(`${what}${truncated ? ', cut at the byte bound' : ''}${asBytes ? ', from bytes' : ''}: the same lines, and the same screened lines without splitting`, () => {
        const eager = toLogTail('k', body, truncated, MARKER)
        const lazy = toLazyLogTail('k', asBytes ? Buffer.from(body) : body, truncated, MARKER)
        const screened = linesMatching(lazy, KERNEL_SCREEN_NEEDLES)
        expect(screened).toEqual(eager.lines.filter((line) => KERNEL_SCREEN_NEEDLES.some((needle) => line.includes(needle))))
        expect(lazy.lines).toEqual(eager.lines)
        // Once split, the split lines are what it searches.
        expect(linesMatching(lazy, KERNEL_SCREEN_NEEDLES)).toEqual(screened)
        expect(JSON.parse(JSON.stringify(lazy))).toEqual(JSON.parse(JSON.stringify(eager)))
      })
    }
  }

  it('finds the OOM lines of the real log among thousands, and drops the line the byte bound cut', () => {
    const body = `${oom(9)}\n${kernelBody}${oom(10)}\n`
    expect(toLogTail('k', body, false).lines.length).toBeGreaterThan(2000)
    expect(linesMatching(toLazyLogTail('k', body, false), KERNEL_SCREEN_NEEDLES).filter((l) => l.endsWith('total-vm:1kB'))).toEqual([oom(9), oom(10)])
    expect(linesMatching(toLazyLogTail('k', Buffer.from(body), true), KERNEL_SCREEN_NEEDLES).filter((l) => l.endsWith('total-vm:1kB'))).toEqual([oom(10)])
  })

  it('decodes only the matching lines of bytes the same as the whole: invalid UTF-8 around a needle', () => {
    const bytes = Buffer.concat([Buffer.from('[t] a\n[t] '), Buffer.from([0xe2, 0x82]), Buffer.from('Killed process 1 (x\n[t] \u00e9 oom-kill:constraint=\n'), Buffer.from([0xff]), Buffer.from('\n')])
    const eager = toLogTail('k', bytes.toString('utf8'), false)
    const matched = linesMatching(toLazyLogTail('k', bytes, false), KERNEL_SCREEN_NEEDLES)
    expect(matched).toEqual(eager.lines.filter((line) => /Kill|oom-kill/.test(line)))
    expect(matched).toHaveLength(2)
    expect(matched[0]).toContain('\ufffdKilled process')
  })

  it('takes lines set by a caller', () => {
    const lazy = toLazyLogTail('k', `${oom(1)}\n`, false)
    lazy.lines = ['x Kill y']
    expect(linesMatching(lazy, KERNEL_SCREEN_NEEDLES)).toEqual(['x Kill y'])
  })
})
