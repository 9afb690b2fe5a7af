/**
 * Issue 8 items 10 and 13 through the compiled CLI, against a real sshd on loopback whose
 * key is deliberately unknown (so no probe ever runs): malformed known_hosts lines are
 * warned about on stderr with FILE:LINE, and a malformed run history stops the run with
 * exit 65 naming the file and field, before any host is contacted, and is left as it was.
 */
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {selectionKey} from '../../../src/history/paths.js'
import {runFleet} from '../support/fleet-cli.js'
import {sshdAvailable, startSshd, type Sshd} from '../transport/sshd-harness.js'

const run = sshdAvailable() ? describe : describe.skip

let dir: string
let sshd: Sshd
let inventory: string

run('fleet check with bad local input files', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fleet-ctl-inputs-'))
    sshd = await startSshd()
    inventory = join(dir, 'inventory.yml')
    writeFileSync(inventory, ['hosts:', '  web01:', '    address: 127.0.0.1', `    port: ${sshd.port}`, '    user: root', ''].join('\n'))
  })
  afterAll(async () => {
    await sshd?.stop()
    if (dir) rmSync(dir, {recursive: true, force: true})
  })

  it('warns once about malformed known_hosts lines, on stderr, with FILE:LINE; loudly for a broken @revoked line', async () => {
    const kh = join(dir, 'known_hosts')
    const key = sshd.hostKeys[0]
    writeFileSync(kh, [`# fleet test`, `[127.0.0.1]:1 ${key.type}`, `@revoked [127.0.0.1]:${sshd.port} ${key.type} %%%`, ''].join('\n'))
    const result = await runFleet(['check', '-i', inventory, '--all', '--known-hosts', kh, '--identity', sshd.clientKey, '--no-history', '--json'])
    expect(result.code).toBe(3)
    expect(JSON.parse(result.stdout).hosts[0].error.kind).toBe('host-key-unknown')
    expect(result.stderr).toContain(`${kh}:3: malformed @revoked line IGNORED`)
    expect(result.stderr).toContain(`known_hosts ${kh}: 1 malformed line ignored: ${kh}:2 (`)
    expect(result.stderr.split(`${kh}:2 (`)).toHaveLength(2)
  })

  it('a malformed history file: exit 65 naming file and field, nothing contacted, the file kept', async () => {
    const stateDir = join(dir, 'state')
    mkdirSync(join(stateDir, 'runs'), {recursive: true})
    const file = join(stateDir, 'runs', `${selectionKey(inventory, [])}.json`)
    const content = JSON.stringify({version: 1, key: 'k', savedAt: '2026-01-01T00:00:00Z', lastChecked: {web01: 'not a date'}, report: {version: 1, hosts: []}})
    writeFileSync(file, content)
    const before = sshd.connectionCount()
    const none = join(dir, 'none')
    writeFileSync(none, '')
    const result = await runFleet(['check', '-i', inventory, '--all', '--known-hosts', none, '--state-dir', stateDir, '--since', 'last'])
    expect(result.code).toBe(65)
    // oclif wraps long error lines (` ›   ` continuation prefix).
    const flat = result.stderr.replace(/\n ›/g, '').replace(/\s+/g, '')
    expect(flat).toContain(file)
    expect(flat).toContain('lastChecked["web01"]:expectedanISO8601date-time,got"notadate"')
    expect(sshd.connectionCount()).toBe(before)
    expect(readFileSync(file, 'utf8')).toBe(content)
  })
})
