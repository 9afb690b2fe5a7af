/**
 * A probe budget that splits frames as the output arrives: the transport keeps none of
 * stdout (no whole-output Buffer or string), and the frames are those of the whole output
 * (the real local transport, the real probe script on this machine).
 */
import {randomBytes} from 'node:crypto'
import {describe, expect, it} from 'vitest'

import type {HostSpec} from '../../../src/inventory/types.js'
import {splitFrames} from '../../../src/probe/frames.js'
import {PROBE_COMMAND, probeScript} from '../../../src/probe/script.js'
import {ProbeStreamBudget} from '../../../src/probe/stream-budget.js'
import {createLocalConnector} from '../../../src/transport/local.js'

const host: HostSpec = {name: 'localhost', address: 'localhost', port: 22, identityFiles: [], sudo: false, connection: 'local', groups: [], vars: {}}

describe('ProbeStreamBudget with frames', () => {
  it('the transport returns no stdout; the streamed frames equal the whole output split afterwards', async () => {
    const transport = await createLocalConnector().connect(host, {timeoutMs: 1000})
    const nonce = randomBytes(9).toString('hex')
    const stdin = probeScript({nonce, windowSeconds: 60, maxLogBytes: 4096})
    try {
      const streaming = new ProbeStreamBudget(nonce, 4096, {keep: 'frames'})
      const result = await transport.exec(PROBE_COMMAND, {stdin, timeoutMs: 60_000, outputBudget: streaming})
      expect(result.code).toBe(0)
      expect(result.stdout).toBe('')
      const frames = streaming.frames()
      expect(frames.map((f) => f.name)).toContain('system')
      expect(frames.at(-1)?.name).toBe('done')

      // The same probe, output kept whole: same frame names, in the same order.
      const whole = await transport.exec(PROBE_COMMAND, {stdin, timeoutMs: 60_000, outputBudget: new ProbeStreamBudget(nonce, 4096)})
      expect(whole.stdout.length).toBeGreaterThan(1000)
      expect(frames.map((f) => f.name)).toEqual(splitFrames(whole.stdout, nonce, {maxLogBytes: 4096}).map((f) => f.name))
    } finally {
      await transport.close()
    }
  })
})
