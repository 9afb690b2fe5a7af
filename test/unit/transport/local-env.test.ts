/**
 * Issue 8 item 11: fleet's secrets never reach a child process of `--local` (a real
 * child: the local connector runs `env`, as it runs the probe).
 */
import {afterEach, describe, expect, it} from 'vitest'
import type {HostSpec} from '../../../src/inventory/types.js'
import {createLocalConnector} from '../../../src/transport/local.js'

const host: HostSpec = {name: 'localhost', address: 'localhost', port: 0, identityFiles: [], sudo: false, connection: 'local', groups: [], vars: {}}
const set: Record<string, string> = {
  FLEET_SSH_PASSPHRASE: 'correct horse battery staple',
  SSH_AUTH_SOCK: '/nonexistent/agent.sock',
  FLEET_VAULT_TOKEN: 'tok-123',
  FLEET_INVENTORY: 'inventory.yml',
}
const saved: Record<string, string | undefined> = {}

afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
})

describe('local commands get a scrubbed environment', () => {
  it('no passphrase, agent socket or FLEET_* secret; the rest is passed on', async () => {
    for (const [name, value] of Object.entries(set)) {
      saved[name] = process.env[name]
      process.env[name] = value
    }
    const t = await createLocalConnector().connect(host, {timeoutMs: 10_000})
    const {stdout, code} = await t.exec('env', {timeoutMs: 10_000})
    expect(code).toBe(0)
    expect(stdout).not.toContain('correct horse battery staple')
    expect(stdout).not.toMatch(/^FLEET_SSH_PASSPHRASE=/m)
    expect(stdout).not.toMatch(/^SSH_AUTH_SOCK=/m)
    expect(stdout).not.toContain('tok-123')
    expect(stdout).toMatch(/^FLEET_INVENTORY=inventory\.yml$/m)
    expect(stdout).toMatch(/^PATH=/m)
  })
})
