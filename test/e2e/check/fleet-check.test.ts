/**
 * `fleet check` end to end over real SSH against real lab hosts (systemd, sshd,
 * nginx, PHP-FPM), with the classic faults made the way they happen in production.
 */
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {labAvailable, labUp, type Lab} from '../../lab/lab.js'
import {runFleet} from '../support/fleet-cli.js'

const lab = labAvailable()

interface JsonHost {
  host: string
  address: string
  status: string
  error: {kind: string; message: string} | null
  cause: string | null
  findings: Array<{check: string; severity: string; message: string; evidence: string[]; fix: string}>
}

const FAULTS: Record<string, string[]> = {
  'ck-clean': [],
  'ck-fpm': ['fpm-stopped'],
  'ck-nginx': ['nginx-stopped'],
  'ck-typo': ['site-typo'],
  'ck-sock': ['socket-elsewhere'],
  'ck-sshd': ['sshd-down'],
  'ck-key': ['key-changed'],
  'ck-sudo': [],
  'ck-pw': [],
}
// Clean hosts to make the fleet 16 strong, as the issue asks.
for (let index = 1; index <= 7; index += 1) FAULTS[`ck-fill${index}`] = []

describe.skipIf(!lab.ok)(`fleet check on a ${Object.keys(FAULTS).length}-host lab`, () => {
  let fleet: Lab
  let inventory: string
  let report: {version: number; hosts: JsonHost[]; summary: Record<string, number>}
  let exitCode: number | null
  const byName = (name: string) => report.hosts.find((host) => host.host === name)!

  beforeAll(async () => {
    fleet = await labUp(Object.entries(FAULTS).map(([name, faults]) => ({name, faults})))
    // Two hosts reached as non-root users: deploy (NOPASSWD sudo) and pwuser (sudo wants a password).
    inventory = join(fleet.dir, 'check-inventory.yml')
    const lines = ['defaults: { user: root, port: 22 }', 'hosts:']
    for (const host of fleet.hosts) {
      const user = host.name === 'ck-sudo' ? ', user: deploy, sudo: true' : host.name === 'ck-pw' ? ', user: pwuser, sudo: true' : ''
      lines.push(`  ${host.name}: { address: ${host.address}${user} }`)
    }
    lines.push('groups:', `  lab: { hosts: [${fleet.hosts.map((host) => host.name).join(', ')}] }`)
    writeFileSync(inventory, `${lines.join('\n')}\n`)
    const result = await runFleet(['check', '-i', inventory, '--group', 'lab', '--known-hosts', fleet.knownHosts, '--identity', fleet.identity, '--json', '--timeout', '5'])
    exitCode = result.code
    expect(result.stderr).not.toMatch(/Error:/)
    // 16 hosts in flight on one abort signal must not read as a leak to the operator.
    expect(result.stderr).not.toMatch(/MaxListenersExceededWarning/)
    report = JSON.parse(result.stdout)
  })

  afterAll(async () => {
    await fleet?.down()
  })

  it('reports every host, and exits 2 because something is critical', () => {
    expect(report.version).toBe(1)
    expect(report.hosts.map((host) => host.host).sort()).toEqual(Object.keys(FAULTS).sort())
    expect(report.summary.hosts).toBe(Object.keys(FAULTS).length)
    expect(exitCode).toBe(2)
  })

  it('finds nothing at warning or worse on clean hosts, including one reached through sudo', () => {
    for (const name of ['ck-clean', 'ck-sudo', ...Object.keys(FAULTS).filter((name) => name.startsWith('ck-fill'))]) {
      const host = byName(name)
      expect(host.error, name).toBeNull()
      expect(host.findings.filter((finding) => finding.severity !== 'info'), name).toEqual([])
      expect(['ok', 'info']).toContain(host.status)
    }
  })

  it('names each fault on its host', () => {
    const checks = (name: string) => byName(name).findings.map((finding) => finding.check)
    expect(checks('ck-fpm')).toContain('fpm/service-down')
    expect(checks('ck-fpm')).toContain('upstream/socket-missing')
    expect(byName('ck-fpm').cause).toMatch(/^fpm\/service-down/)
    expect(checks('ck-nginx')).toContain('nginx/service-down')
    expect(checks('ck-typo')).toContain('nginx/config-invalid')
    const typo = byName('ck-typo').findings.find((finding) => finding.check === 'nginx/config-invalid')!
    expect(typo.message).toMatch(/in \/etc\/nginx\/sites-enabled\/\S+:\d+/)
    expect(checks('ck-sock')).toContain('upstream/socket-missing')
    const sock = byName('ck-sock').findings.find((finding) => finding.check === 'upstream/socket-missing')!
    expect(sock.message).toContain('/run/php/php-nobody.sock')
    // The real crit line nginx logged when the 502s were served is the evidence.
    expect(sock.evidence.join('\n')).toMatch(/connect\(\) to unix:\/run\/php\/php-nobody\.sock failed \(2: No such file or directory\)/)
    for (const name of ['ck-fpm', 'ck-nginx', 'ck-typo', 'ck-sock']) expect(byName(name).status, name).toBe('critical')
  })

  it('reports the dead sshd as unreachable while checking all the rest', () => {
    const host = byName('ck-sshd')
    expect(host.status).toBe('unreachable')
    expect(host.error?.kind).toBe('refused')
    expect(host.findings.map((finding) => finding.check)).toEqual(['host/unreachable'])
  })

  it('refuses the changed host key and shows both fingerprints', () => {
    const host = byName('ck-key')
    expect(host.status).toBe('unreachable')
    expect(host.error?.kind).toBe('host-key-changed')
    expect(host.error?.message.match(/SHA256:[A-Za-z0-9+/]{43}/g)?.length).toBeGreaterThanOrEqual(2)
  })

  it('says sudo wants a password instead of hanging', () => {
    const host = byName('ck-pw')
    expect(host.status).toBe('unreachable')
    expect(host.error?.kind, JSON.stringify(host.error)).toBe('sudo')
  })

  it('prints the finding blocks with folded host ranges and a summary line on the human path (-v)', async () => {
    const result = await runFleet(['check', '-i', inventory, '--limit', 'ck-fill*:ck-fpm', '--known-hosts', fleet.knownHosts, '--identity', fleet.identity, '-v'])
    expect(result.code).toBe(2)
    expect(result.stdout).toMatch(/ck-fpm/)
    expect(result.stdout).toMatch(/fpm\/service-down/)
    // Seven clean hosts fold into one range wherever they share a finding (the kernel log
    // is closed to containers: host/partial, info), and the summary counts all eight.
    expect(result.stdout).toMatch(/ck-fill\[1-7\]/)
    expect(result.stdout).toMatch(/^8 hosts: (7 ok|0 ok, 7 info), 1 critical$/m)
  })

  it('refuses an unknown host key unless --accept-new, then records it', async () => {
    const empty = join(fleet.dir, 'empty_known_hosts')
    writeFileSync(empty, '')
    const refused = await runFleet(['check', '-i', inventory, '--host', 'ck-clean', '--known-hosts', empty, '--identity', fleet.identity, '--json'])
    expect(refused.code).toBe(3)
    expect(JSON.parse(refused.stdout).hosts[0].error.kind).toBe('host-key-unknown')
    const accepted = await runFleet(['check', '-i', inventory, '--host', 'ck-clean', '--known-hosts', empty, '--identity', fleet.identity, '--json', '--accept-new'])
    expect(JSON.parse(accepted.stdout).hosts[0].error).toBeNull()
    const strict = await runFleet(['check', '-i', inventory, '--host', 'ck-clean', '--known-hosts', empty, '--identity', fleet.identity, '--json'])
    expect(JSON.parse(strict.stdout).hosts[0].error).toBeNull()
  })
})
