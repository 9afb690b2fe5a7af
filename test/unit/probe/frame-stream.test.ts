import {readdirSync, readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'
import {frameBytes, FrameStream, splitFrames} from '../../../src/probe/frames.js'
import {FIXTURE_NONCE} from './fixtures.js'

const dir = fileURLToPath(new URL('../../fixtures/probe/', import.meta.url))
const recorded = readdirSync(dir)
  .filter((name) => name.endsWith('.txt') && readFileSync(`${dir}${name}`, 'utf8').includes(`==FLEET ${FIXTURE_NONCE} BEGIN`))
  .map((name) => [name, readFileSync(`${dir}${name}`)] as const)

/** The output fed in pieces of `size` bytes (0: pseudo-random sizes 1..600). */
function streamed(output: Buffer, nonce: string, size: number, maxLogBytes?: number) {
  const stream = new FrameStream(nonce, {maxLogBytes})
  let seed = 7
  for (let at = 0; at < output.length; ) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31
    const n = size || 1 + (seed % 600)
    stream.push(output.subarray(at, at + n))
    at += n
  }
  return stream.end()
}

const N = 'n0nce'
const B = (name: string, attrs = '') => `==FLEET ${N} BEGIN ${name}${attrs}==\n`
const E = (name: string, rc = 0) => `\n==FLEET ${N} END ${name} rc=${rc}==\n`

describe('FrameStream: frames parsed as the output streams in, the same as from the whole output', () => {
  it('has recorded probe outputs to compare', () => expect(recorded.length).toBeGreaterThan(5))

  for (const [name, output] of recorded) {
    it.each([1, 13, 4096, 0])(`${name}: in pieces of %i bytes`, (size) => {
      const whole = splitFrames(output.toString('utf8'), FIXTURE_NONCE, {maxLogBytes: 262_144})
      expect(whole.length).toBeGreaterThan(10)
      expect(streamed(output, FIXTURE_NONCE, size, 262_144)).toEqual(whole)
    })
  }

  const cases: Array<[string, Buffer]> = [
    ['a frame cut off (no END), then end of output', Buffer.from(`noise\n${B('a')}x\ny`)],
    ['END of another frame stays in the body; stray END outside frames', Buffer.from(`${E('z')}${B('a', ' path=/x y')}one${E('b')}two${E('a', 3)}`)],
    ['a line that starts like a marker but is not one', Buffer.from(`${B('a')}==FLEET ${N} BEGIN\n==FLEET ${N} ENDS a==\n==FLEET other BEGIN b==${E('a')}`)],
    ['BEGIN closes an open frame as incomplete', Buffer.from(`${B('a')}1\n${B('b')}2${E('b')}`)],
    ['stderr frames fold into the frame before', Buffer.from(`${B('a')}out${E('a')}${B('a.stderr')}err${E('a.stderr', 0)}`)],
    ['END with a bad rc', Buffer.from(`${B('a')}x\n==FLEET ${N} END a rc=x==\n`)],
    ['marker as the last line, no LF', Buffer.from(`${B('a')}x${E('a').slice(0, -1)}`)],
    ['empty output', Buffer.alloc(0)],
    ['invalid UTF-8 and multi-byte characters across lines', Buffer.concat([Buffer.from(B('a')), Buffer.from([0xe2, 0x82, 0x0a, 0xc3]), Buffer.from('é€😀\n\xff'), Buffer.from(E('a'))])],
    ['over the probe cap', Buffer.from(`${B('nginx-V')}${'v'.repeat(200_000)}${E('nginx-V')}`)],
    // The kernel frame is kept in bytes and decoded when read: the same frames all the same.
    ['a kernel frame and its stderr, invalid UTF-8 inside', Buffer.concat([Buffer.from(B('kernel', ' source=dmesg')), Buffer.from([0xe2, 0x82, 0x0a, 0xc3]), Buffer.from(`é Killed process 1\n\xff${E('kernel')}${B('kernel.stderr')}warn${E('kernel.stderr')}`)])],
    ['a kernel frame cut off', Buffer.from(`${B('kernel')}[t] a\n[t] b`)],
    ['a kernel frame over the probe cap', Buffer.from(`${B('kernel')}${'k\n'.repeat(300_000)}${E('kernel')}`)],
  ]
  it.each(cases)('%s', (_name, output) => {
    for (const size of [1, 2, 5, 64, 0]) {
      expect(streamed(output, N, size, 4096), `pieces of ${size}`).toEqual(splitFrames(output.toString('utf8'), N, {maxLogBytes: 4096}))
      expect(streamed(output, N, size), `pieces of ${size}, no cap`).toEqual(splitFrames(output.toString('utf8'), N))
    }
  })
})

describe('FrameStream keeps the kernel frame in bytes until read', () => {
  it('decodes it on first read, to the text splitFrames gives', () => {
    const output = Buffer.from(`${B('kernel', ' source=dmesg')}[t] Killed process 1 (x)\n${E('kernel')}${B('done')}${E('done')}`)
    const [kernel, done] = streamed(output, N, 7)
    expect(Object.getOwnPropertyDescriptor(kernel, 'body')?.get).toBeTypeOf('function')
    expect(frameBytes(kernel)?.toString()).toBe('[t] Killed process 1 (x)\n')
    expect(frameBytes(done)).toBeUndefined()
    expect(kernel.body).toBe(splitFrames(output.toString(), N)[0].body)
    expect(Object.getOwnPropertyDescriptor(kernel, 'body')?.value).toBe('[t] Killed process 1 (x)\n')
  })
})
