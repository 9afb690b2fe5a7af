// One identity file, many logins: the private key is imported into a crypto KeyObject
// once per run, not once per host (ssh2 alone re-imports its PEM text at every signature).
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {HostSpec} from '../../../src/inventory/types.js'
import {keyObjectsMade} from '../../../src/transport/key-store.js'
import {createSshConnector} from '../../../src/transport/ssh.js'
import {makeKey, readPublicKey, sshdAvailable, startSshd, type Sshd} from './sshd-harness.js'

const run = sshdAvailable() ? describe : describe.skip

let dir: string
let servers: Sshd[] = []

run('one identity file signs every login with one imported key', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fleet-key-once-'))
    servers = await Promise.all([startSshd(), startSshd(), startSshd()])
  })
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()))
    if (dir) rmSync(dir, {recursive: true, force: true})
  })

  for (const type of ['ed25519', 'rsa', 'ecdsa'] as const) {
    it(`${type}: 6 logins on 3 servers, one KeyObject made, every command run`, async () => {
      const key = makeKey(dir, `id_${type}`, type)
      for (const s of servers) s.authorize(readPublicKey(key).line)
      const known = join(dir, `known_${type}`)
      writeFileSync(known, servers.map((s) => s.knownHostsLine()).join('\n') + '\n')
      const connector = createSshConnector({acceptNew: false, agent: '', identityFiles: [key], knownHostsFiles: [known], keepaliveIntervalMs: 5000})
      const before = {...keyObjectsMade}
      const hosts: HostSpec[] = [...servers, ...servers].map((s, i) => ({
        name: `h${i}`,
        address: s.address,
        port: s.port,
        user: 'root',
        identityFiles: [],
        sudo: false,
        connection: 'ssh',
        groups: [],
        vars: {},
      }))
      const outputs = await Promise.all(
        hosts.map(async (host) => {
          const t = await connector.connect(host, {timeoutMs: 20_000})
          try {
            return (await t.exec('echo signed-in', {timeoutMs: 20_000})).stdout.trim()
          } finally {
            await t.close()
          }
        }),
      )
      expect(outputs).toEqual(hosts.map(() => 'signed-in'))
      expect(keyObjectsMade.count - before.count).toBe(1)
      expect(keyObjectsMade.signatures - before.signatures).toBe(hosts.length)
    })
  }
})
