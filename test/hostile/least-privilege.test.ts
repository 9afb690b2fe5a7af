/**
 * The least-privileged ways to run `fleet check`, on real lab hosts, as the README's Security
 * section describes them: no sudo at all (the login user reads what it can), and the same user in
 * `adm` (Debian's group for reading logs). What cannot be read is `skipped` with the reason and
 * the host gets `host/partial`; it is never reported healthy on facts it did not see.
 */
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {labAvailable, labUp, type Lab} from '../lab/lab.js'
import {runFleet} from '../e2e/support/fleet-cli.js'

const lab = labAvailable()

interface JsonFinding {
  check: string
  severity: string
  message: string
}
interface JsonHost {
  host: string
  status: string
  error: unknown
  findings: JsonFinding[]
  skipped?: Array<{check: string; reason: string}>
}

describe.skipIf(!lab.ok)('fleet check without root', () => {
  let fleet: Lab
  let inventory: string

  beforeAll(async () => {
    fleet = await labUp([{name: 'lp-plain'}, {name: 'lp-adm'}, {name: 'lp-fpm', faults: ['fpm-stopped']}, {name: 'lp-rule'}])
    await fleet.exec('lp-adm', 'usermod -aG adm deploy')
    // pwuser's sudo wants a password for everything; the README's rule lets it run exactly the probe.
    // In sudoers the last matching rule wins: the file must sort after the lab's `pwuser ALL=(ALL) ALL`.
    await fleet.exec('lp-rule', `printf '%s\\n' 'pwuser ALL=(root) NOPASSWD: /bin/sh -c sh -s' > /etc/sudoers.d/zz-fleet && chmod 0440 /etc/sudoers.d/zz-fleet && visudo -cq`)
    const lines = ['defaults: { user: deploy, port: 22, sudo: false }', 'hosts:']
    for (const host of fleet.hosts) {
      lines.push(host.name === 'lp-rule' ? `  ${host.name}: { address: ${host.address}, user: pwuser, sudo: true }` : `  ${host.name}: { address: ${host.address} }`)
    }
    inventory = join(fleet.dir, 'nonroot-inventory.yml')
    writeFileSync(inventory, `${lines.join('\n')}\n`)
  })

  afterAll(async () => {
    await fleet?.down()
  })

  const check = async (host: string): Promise<JsonHost> => {
    const r = await runFleet(['check', '-i', inventory, '--host', host, '--known-hosts', fleet.knownHosts, '--identity', fleet.identity, '--json'])
    expect(r.stderr).not.toMatch(/Error:/)
    return (JSON.parse(r.stdout) as {hosts: JsonHost[]}).hosts[0]
  }

  it('a plain user gets host/partial naming what it could not read, never a clean "ok"', async () => {
    const host = await check('lp-plain')
    expect(host.error).toBeNull()
    expect(host.status).not.toBe('ok')
    const partial = host.findings.filter((f) => f.check === 'host/partial').map((f) => f.message)
    // Debian keeps nginx's logs 0640 root:adm and FPM's 0600 root: a plain user reads neither.
    expect(partial.join('\n')).toMatch(/Permission denied|not collected/)
  })

  it('a user in adm reads nginx logs, and what it still cannot read stays partial', async () => {
    const plain = await check('lp-plain')
    const adm = await check('lp-adm')
    const partialOf = (h: JsonHost) => h.findings.filter((f) => f.check === 'host/partial').map((f) => f.message)
    expect(partialOf(adm).some((m) => /\/var\/log\/nginx\//.test(m))).toBe(false)
    expect(partialOf(plain).some((m) => /\/var\/log\/nginx\//.test(m))).toBe(true)
  })

  it("the README's sudoers rule runs the whole probe, and nothing else, as root", async () => {
    const host = await check('lp-rule')
    expect(host.error).toBeNull()
    // Everything was read as root: no fact is missing but the kernel log, which containers never see.
    const partial = host.findings.filter((f) => f.check === 'host/partial').map((f) => f.message)
    expect(partial.filter((m) => !/kernel/i.test(m))).toEqual([])
    const other = await fleet.exec('lp-rule', "su pwuser -s /bin/sh -c 'sudo -n -- sh -c id'")
    expect(other.code).not.toBe(0)
    expect(other.stderr).toMatch(/password is required/)
  })

  it('a stopped FPM is still named without root: the service state needs no privilege', async () => {
    const host = await check('lp-fpm')
    expect(host.findings.map((f) => f.check)).toContain('fpm/service-down')
  })
})
