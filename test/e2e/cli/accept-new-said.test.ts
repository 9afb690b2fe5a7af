/** Issue 14 item 5: --accept-new says what it recorded, as OpenSSH's "Permanently added", against a real sshd. */
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {sshdAvailable, startSshd, type Sshd} from '../transport/sshd-harness.js'
import {runFleet} from '../support/fleet-cli.js'

const run = sshdAvailable() ? describe : describe.skip

run('--accept-new against a real sshd', () => {
  let dir: string
  let sshd: Sshd
  let inventory: string
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fleet-accept-said-'))
    sshd = await startSshd()
    inventory = join(dir, 'inventory.yml')
    writeFileSync(inventory, ['hosts:', '  web01:', '    address: 127.0.0.1', `    port: ${sshd.port}`, '    user: root', ''].join('\n'))
  })
  afterAll(async () => {
    await sshd?.stop()
    if (dir) rmSync(dir, {recursive: true, force: true})
  })

  it('says "Permanently added" with the name, key type and file, once; nothing when the key is already known', async () => {
    const knownHosts = join(dir, 'known_hosts')
    const args = ['check', '-i', inventory, '--host', 'web01', '--accept-new', '--known-hosts', knownHosts, '--identity', sshd.clientKey, '--no-history', '--json']
    const first = await runFleet(args)
    expect(readFileSync(knownHosts, 'utf8')).toBe(`${sshd.knownHostsLine()}\n`)
    const said = first.stderr.replace(/\n ›\s*/g, ' ').replace(/\s+/g, ' ')
    expect(said).toMatch(new RegExp(`Warning: Permanently added '\\[127\\.0\\.0\\.1\\]:${sshd.port}' \\(\\S+ SHA256:\\S+\\) to the list of known hosts`))
    expect(said.split('Permanently added')).toHaveLength(2)
    const second = await runFleet(args)
    expect(second.stderr).not.toMatch(/Permanently added/)
  })
})
