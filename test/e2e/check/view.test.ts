/**
 * The default human view on real lab hosts (issue 14 items 2 and 3): one line per host that is
 * not ok, then the summary; a stock host with nothing partial reads ok, its advice kept in JSON.
 */
import {spawnSync} from 'node:child_process'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {labAvailable, labUp, type Lab} from '../../lab/lab.js'
import {FLEET_BIN, runFleet} from '../support/fleet-cli.js'

const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`

/** The CLI with stdout on a pseudo-terminal COLUMNS wide (util-linux script); stderr dropped. */
function onTerminal(args: string[], columns: number): string {
  const command = `stty cols ${columns} rows 60; exec ${[process.execPath, FLEET_BIN, ...args].map(quote).join(' ')} 2>/dev/null`
  const result = spawnSync('script', ['-qec', command, '/dev/null'], {encoding: 'utf8', env: {...process.env, NO_COLOR: '1'}, timeout: 180_000})
  return result.stdout.replace(/\r/g, '')
}

const lab = labAvailable()

// vw-stock has the /var/log/kern.log that rsyslog keeps on a stock Debian host, so its kernel
// log is read and nothing on it is partial. (Not CAP_SYSLOG: the kernel ring buffer is shared by
// every container on the machine, and another lab's OOM kill would show there.) vw-plain is the
// same host without it: system/oom-kill is skipped and the host is partial.
const FAULTS: Record<string, string[]> = {'vw-stock': [], 'vw-plain': [], 'vw-fpm': ['fpm-stopped']}

describe.skipIf(!lab.ok)('fleet check: the default view on a 3-host lab', () => {
  let fleet: Lab | undefined
  let base: string[]

  beforeAll(async () => {
    fleet = await labUp(Object.entries(FAULTS).map(([name, faults]) => ({name, faults})))
    const inventory = join(fleet.dir, 'view-inventory.yml')
    const lines = ['defaults: { user: root, port: 22 }', 'hosts:', ...fleet.hosts.map((h) => `  ${h.name}: { address: ${h.address} }`)]
    lines.push('groups:', `  lab: { hosts: [${fleet.hosts.map((h) => h.name).join(', ')}] }`)
    writeFileSync(inventory, `${lines.join('\n')}\n`)
    const kernLog = await fleet.exec('vw-stock', 'install -m 0640 -o root -g adm /dev/null /var/log/kern.log')
    expect(kernLog.code, kernLog.stderr).toBe(0)
    base = ['check', '-i', inventory, '--group', 'lab', '--known-hosts', fleet.knownHosts, '--identity', fleet.identity, '--no-history']
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

  it.skipIf(spawnSync('script', ['--version']).status !== 0)('fits an 80- and a 120-column terminal, one line per host', () => {
    for (const columns of [80, 120]) {
      const lines = onTerminal(base, columns).trimEnd().split('\n')
      expect(lines).toHaveLength(4)
      for (const line of lines) expect([...line].length).toBeLessThanOrEqual(columns)
      expect(lines.find((l) => l.startsWith('vw-plain '))).toMatch(/…$/)
      expect(lines[3]).toBe('3 hosts: 1 ok, 1 info, 1 critical')
    }
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
    // A diff is about findings: their blocks are shown, new ones marked.
    const stateDir = join(fleet!.dir, 'view-state')
    const diff = await runFleet([...base.filter((arg) => arg !== '--no-history'), '--state-dir', stateDir, '--diff'])
    expect(diff.stdout).toMatch(/^CRITICAL {2}fpm\/service-down {2}\(1 host\)\n {2}vw-fpm: .* \[new\]$/m)
  })
})
