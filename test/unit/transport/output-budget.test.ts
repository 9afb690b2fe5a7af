/**
 * ExecOptions.outputBudget: once it says no, the transport stops reading and kills the
 * command instead of collecting until the deadline (the real local transport, `yes`
 * as a host that never stops sending).
 */
import {describe, expect, it} from 'vitest'

import type {HostSpec} from '../../../src/inventory/types.js'
import {createLocalConnector} from '../../../src/transport/local.js'

const host: HostSpec = {name: 'localhost', address: 'localhost', port: 22, identityFiles: [], sudo: false, connection: 'local', groups: [], vars: {}}

describe('outputBudget', () => {
  it('stops an endless stream once over budget, keeping no more than the budget', async () => {
    const transport = await createLocalConnector().connect(host, {timeoutMs: 1000})
    let received = 0
    const budget = {
      accept(chunk: Buffer): boolean {
        received += chunk.length
        return received <= 1024 * 1024
      },
    }
    const result = await transport.exec('yes fleet', {timeoutMs: 15_000, outputBudget: budget})
    expect(result.stdout.length).toBeLessThanOrEqual(1024 * 1024)
    expect(result.stdout.length).toBeGreaterThan(0)
    // It was stopped, not run to its end: `yes` never exits by itself.
    expect(result.code === null || result.code !== 0).toBe(true)
  })
})
