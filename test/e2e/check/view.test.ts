/**
 * The default human view on real lab hosts (issue 14 items 2 and 3): one line per host that is
 * not ok, then the summary; a stock host with nothing partial reads ok, its advice kept in JSON.
 */
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {labAvailable, labUp, type Lab} from '../../lab/lab.js'
import {runFleet} from '../support/fleet-cli.js'

const lab = labAvailable()

// vw-stock can read the kernel log (CAP_SYSLOG), so nothing on it is partial: a stock Debian
// host. vw-plain is the same host without it (system/oom-kill skipped: host/partial).
const FAULTS: Record<string, string[]> = {'vw-stock': ['cap-syslog'], 'vw-plain': [], 'vw-fpm': ['fpm-stopped']}

describe.skipIf(!lab.ok)('fleet check: the default view on a 3-host lab', () => {
  let fleet: Lab | undefined
  let base: string[]

  beforeAll(async () => {
    fleet = await labUp(Object.entries(FAULTS).map(([name, faults]) => ({name, faults})))
    const inventory = join(fleet.dir, 'view-inventory.yml')
    const lines = ['defaults: { user: root, port: 22 }', 'hosts:', ...fleet.hosts.map((h) => `  ${h.name}: { address: ${h.address} }`)]
    lines.push('groups:', `  lab: { hosts: [${fleet.hosts.map((h) => h.name).join(', ')}] }`)
    writeFileSync(inventory, `${lines.join('\n')}\n`)
    // A short window: the kernel ring buffer is shared by every container on this machine.
    base = ['check', '-i', inventory, '--group', 'lab', '--known-hosts', fleet.knownHosts, '--identity', fleet.identity, '--since', '2m', '--no-history']
  }, 600_000)

  afterAll(async () => {
    await fleet?.down()
  }, 300_000)

  it('prints one line per host that is not ok, then the summary; the stock host reads ok', async () => {
    const result = await runFleet(base)
    expect(result.code).toBe(2)
    const lines = result.stdout.trimEnd().split('\n')
    expect(lines).toHaveLength(4)
    expect(lines.find((l) => l.startsWith('vw-fpm '))).toMatch(/^vw-fpm +critical +fpm\/service-down: php8\.2-fpm/)
    expect(lines.find((l) => l.startsWith('vw-plain '))).toMatch(/^vw-plain +info +host\/partial \(skipped system\/oom-kill\): kernel-log not collected: /)
    expect(lines.some((l) => l.startsWith('vw-stock'))).toBe(false)
    expect(lines[2]).toBe('')
    expect(lines[3]).toBe('3 hosts: 1 ok, 1 info, 1 critical')
    // Piped: no line is cut to a width.
    expect(result.stdout).not.toContain('…')
  })

  it('keeps the stock host\'s advice in JSON with its severity', async () => {
    const result = await runFleet([...base, '--json'])
    const stock = JSON.parse(result.stdout).hosts.find((h: {host: string}) => h.host === 'vw-stock')
    expect(stock.status).toBe('ok')
    expect(stock.findings).toContainEqual(expect.objectContaining({check: 'timeouts/order', severity: 'info'}))
  })

  it('--severity warning hides the info host; -v shows every host and the finding blocks', async () => {
    const quiet = await runFleet([...base, '--severity', 'warning'])
    expect(quiet.stdout).not.toContain('vw-plain')
    const verbose = await runFleet([...base, '-v'])
    expect(verbose.stdout).toMatch(/^vw-stock {2}ok$/m)
    expect(verbose.stdout).toMatch(/^INFO {2}timeouts\/order {2}\([23] hosts\)$/m)
    expect(verbose.stdout).toMatch(/^CRITICAL {2}fpm\/service-down {2}\(1 host\)$/m)
    // Naming a host asks about it: its findings are shown without -v.
    const named = await runFleet([...base.filter((arg) => arg !== '--group' && arg !== 'lab'), '--host', 'vw-fpm'])
    expect(named.stdout).toMatch(/^vw-fpm +critical +fpm\/service-down/m)
    expect(named.stdout).toMatch(/^CRITICAL {2}fpm\/service-down {2}\(1 host\)$/m)
    expect(named.stdout).toMatch(/^ {2}fix: /m)
  })
})
