/**
 * Issue 14 (items 1, 4, 5, 6, 8): the operator's first hour with the built CLI. Bad input is
 * refused before any host is contacted: the inventory's hosts point at a TCP listener that
 * counts connections, so "nothing was contacted" is checked, not assumed.
 */
import {spawnSync} from 'node:child_process'
import {mkdtempSync, readdirSync, rmSync, writeFileSync, existsSync} from 'node:fs'
import {createServer, type Server, type Socket} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {FLEET_BIN, runFleet} from '../support/fleet-cli.js'

let dir: string
let inventory: string
let knownHosts: string
let server: Server
let connections = 0
const sockets = new Set<Socket>()

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fleet-first-hour-'))
  // Accepts and hangs up at once: a host that is contacted is counted, and fails fast.
  server = createServer((socket) => {
    connections += 1
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.destroy()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as {port: number}).port
  inventory = join(dir, 'inventory.yml')
  writeFileSync(
    inventory,
    ['hosts:', `  web01: { address: 127.0.0.1, port: ${port} }`, `  web02: { address: 127.0.0.1, port: ${port} }`, 'groups:', '  web: { hosts: [web01, web02] }', '  rollout: { hosts: [web01] }', ''].join('\n'),
  )
  knownHosts = join(dir, 'known_hosts')
  writeFileSync(knownHosts, '')
})

afterAll(async () => {
  for (const socket of sockets) socket.destroy()
  await new Promise((resolve) => server?.close(resolve))
  if (dir) rmSync(dir, {recursive: true, force: true})
})

/** Runs the CLI and returns its result with the number of hosts it contacted. */
async function fleet(args: string[], env: Record<string, string> = {}) {
  const before = connections
  const result = await runFleet(args, {env})
  return {...result, contacted: connections - before, flat: result.stderr.replace(/\n ›\s*/g, ' ').replace(/\s+/g, ' ')}
}

describe('selection (item 1)', () => {
  it('a stray word after a repeatable flag is a usage error, not a second value, and nothing is contacted', async () => {
    for (const flag of ['--known-hosts', '--identity']) {
      const r = await fleet(['check', '-i', inventory, flag, knownHosts, 'rollout'])
      expect(r.code).toBe(64)
      expect(r.flat).toMatch(/Unexpected argument: rollout/)
      expect(r.contacted).toBe(0)
    }
    for (const args of [['--known-hosts', knownHosts, 'rollout'], ['--group', 'web', '--health', '/healthz', 'rollout']]) {
      const reload = await fleet(['reload', '-i', inventory, ...args, '--yes'])
      expect(reload.code).toBe(64)
      expect(reload.contacted).toBe(0)
    }
  })

  it('a run with no selection needs --all, for check, reload and hosts', async () => {
    for (const args of [['check', '-i', inventory], ['reload', '-i', inventory, '--yes'], ['hosts', '-i', inventory]]) {
      const r = await fleet(args)
      expect(r.code).toBe(64)
      expect(r.flat).toMatch(/no hosts selected.*--all/)
      expect(r.contacted).toBe(0)
    }
  })

  it('says "N hosts selected (...)" on stderr, JSON on stdout stays clean', async () => {
    const hosts = await fleet(['hosts', '-i', inventory, '--all', '--json'])
    expect(hosts.code).toBe(0)
    expect(JSON.parse(hosts.stdout)).toHaveLength(2)
    expect(hosts.stderr).toContain(`2 hosts selected (--all) from ${inventory}`)
    const check = await fleet(['check', '-i', inventory, '--group', 'rollout', '--known-hosts', knownHosts, '--json', '--no-history'])
    expect(check.code).toBe(3)
    expect(JSON.parse(check.stdout).hosts).toHaveLength(1)
    expect(check.stderr).toContain(`1 host selected (--group rollout) from ${inventory}`)
    // --only-changes promises silence when nothing changed (cron mails any output).
    const quiet = await fleet(['check', '-i', inventory, '--group', 'rollout', '--known-hosts', knownHosts, '--only-changes', '--state-dir', join(dir, 'quiet')])
    expect(quiet.stderr).not.toMatch(/selected/)
  })
})

describe('exit codes on bad input (item 4)', () => {
  it('-o into a missing directory is refused before any host is contacted, without a trace', async () => {
    const r = await fleet(['check', '-i', inventory, '--group', 'web', '--known-hosts', knownHosts, '-o', join(dir, 'nonexistent', 'out.txt')])
    expect(r.code).toBe(64)
    expect(r.flat).toMatch(/--output .*does not exist/)
    expect(r.stderr).not.toMatch(/Caused by/)
    expect(r.contacted).toBe(0)
  })

  it('a usage error under --json exits 64 too (oclif would exit 1, which reads as warning)', async () => {
    const r = await fleet(['check', '-i', inventory, '--group', 'web', '--since', 'yesterday', '--json'])
    expect(r.code).toBe(64)
    expect(JSON.parse(r.stdout).error.message).toMatch(/--since/)
  })

  it('a usage error under --format nagios exits 3 (UNKNOWN)', async () => {
    for (const args of [['--group', 'web', '--since', 'yesterday'], ['--group', 'web', '--known-hosts', knownHosts, 'rollout'], []]) {
      const r = await fleet(['check', '-i', inventory, '--format', 'nagios', ...args])
      expect(r.code).toBe(3)
    }
  })

  it('unknown commands and version typos exit 64 with "did you mean"; help CMD and -h exit 0 with the help', async () => {
    const chek = await fleet(['chek'])
    expect(chek.code).toBe(64)
    expect(chek.flat).toMatch(/did you mean "check"/)
    const versoin = await fleet(['--versoin'])
    expect(versoin.code).toBe(64)
    expect(versoin.flat).toMatch(/did you mean "--version"/)
    for (const args of [['help', 'check'], ['check', '-h'], ['reload', '-h']]) {
      const r = await fleet(args)
      expect(r.code).toBe(0)
      expect(r.stdout).toMatch(/USAGE/)
    }
  })
})

describe('mistakes refused before contact (item 5)', () => {
  it('a --known-hosts file that does not exist', async () => {
    const r = await fleet(['check', '-i', inventory, '--group', 'web', '--known-hosts', join(dir, 'kh-typo')])
    expect(r.code).toBe(64)
    expect(r.flat).toMatch(/--known-hosts .*kh-typo: no such file/)
    expect(r.contacted).toBe(0)
  })

  it('a --known-hosts file that does not exist yet is fine with --accept-new (it is created)', async () => {
    const r = await fleet(['check', '-i', inventory, '--group', 'web', '--accept-new', '--known-hosts', join(dir, 'kh-new'), '--no-history', '--json'])
    expect(r.code).toBe(3)
    expect(r.contacted).toBe(2)
  })

  it('a wrong --identity path', async () => {
    const r = await fleet(['check', '-i', inventory, '--group', 'web', '--known-hosts', knownHosts, '--identity', join(dir, 'id_typo')])
    expect(r.code).toBe(64)
    expect(r.flat).toMatch(/--identity .*id_typo: no such file/)
    expect(r.contacted).toBe(0)
  })

  it('a waiver naming an unknown check or a host not in the inventory', async () => {
    const waivers = join(dir, 'waivers.yml')
    writeFileSync(
      waivers,
      [
        '- check: fpm/servce-down',
        '  hosts: web01',
        '  justification: typo in the check',
        '  expires: 2099-01-01',
        '- check: fpm/service-down',
        '  hosts: web10',
        '  justification: typo in the host',
        '  expires: 2099-01-01',
        '',
      ].join('\n'),
    )
    const r = await fleet(['check', '-i', inventory, '--group', 'web', '--known-hosts', knownHosts, '--waivers', waivers])
    expect(r.code).toBe(65)
    expect(r.flat).toContain(`${waivers}:1: check "fpm/servce-down" is not a check fleet knows (did you mean "fpm/service-down"?)`)
    expect(r.flat).toContain(`${waivers}:5: hosts "web10" matches no host or group of the inventory`)
    expect(r.contacted).toBe(0)
  })
})

describe('conventions (item 6)', () => {
  it('an unknown flag gets "did you mean", not the whole help', async () => {
    const r = await fleet(['check', '--grup', 'web'])
    expect(r.code).toBe(64)
    expect(r.flat).toMatch(/--grup: did you mean --group\?/)
    expect(r.stdout + r.stderr).not.toMatch(/FLAG DESCRIPTIONS|USAGE/)
  })

  it('fleet explain knows fleet/waiver-expired, and suggests the ID meant', async () => {
    const known = await fleet(['explain', 'fleet/waiver-expired'])
    expect(known.code).toBe(0)
    expect(known.stdout).toMatch(/^fleet\/waiver-expired \(info\)/)
    const typo = await fleet(['explain', 'fpm/servce-down'])
    expect(typo.code).toBe(64)
    expect(typo.flat).toMatch(/did you mean "fpm\/service-down"/)
  })

  it('durations take units: --timeout 5s --command-timeout 2m; a bad one is a usage error', async () => {
    const ok = await fleet(['check', '-i', inventory, '--host', 'web01', '--known-hosts', knownHosts, '--timeout', '5s', '--command-timeout', '2m', '--json', '--no-history'])
    expect(ok.code).toBe(3)
    expect(ok.contacted).toBe(1)
    const bad = await fleet(['check', '-i', inventory, '--group', 'web', '--timeout', '5x'])
    expect(bad.code).toBe(64)
    expect(bad.flat).toMatch(/--timeout: expected a duration/)
    const settle = await fleet(['reload', '-i', inventory, '--group', 'web', '--settle', '10s', '--dry-run', '--known-hosts', knownHosts, '--json'])
    expect(settle.code).toBe(1)
    expect(settle.contacted).toBe(2)
  })

  it('--format table --json is a usage error', async () => {
    const r = await fleet(['check', '-i', inventory, '--group', 'web', '--format', 'table', '--json'])
    expect(r.code).toBe(64)
    expect(r.contacted).toBe(0)
  })
})

describe('history (item 8)', () => {
  const check = ['check', '-i', '', '--host', 'web01', '--known-hosts', '', '--timeout', '5']
  const args = () => check.map((a, i) => (i === 2 ? inventory : i === 6 ? knownHosts : a))

  it('a plain run at a terminal writes no history; --record, and a run off a terminal, do, in a file named after the selection', async () => {
    const stateHome = mkdtempSync(join(dir, 'state-'))
    const runs = join(stateHome, 'fleet', 'runs')
    // A real terminal for the run by hand: script(1) gives the CLI a pty.
    const command = [process.execPath, FLEET_BIN, ...args()].map((word) => `'${word.replaceAll("'", "'\\''")}'`).join(' ')
    const tty = spawnSync('script', ['-qec', command, '/dev/null'], {env: {...process.env, NO_COLOR: '1', XDG_STATE_HOME: stateHome}, encoding: 'utf8'})
    expect(tty.status).toBe(3)
    expect(existsSync(runs)).toBe(false)
    const recorded = spawnSync('script', ['-qec', `${command} --record`, '/dev/null'], {env: {...process.env, NO_COLOR: '1', XDG_STATE_HOME: stateHome}, encoding: 'utf8'})
    expect(recorded.status).toBe(3)
    expect(readdirSync(runs)).toEqual([expect.stringMatching(/^inventory\.yml_host=web01\.[0-9a-f]{24}\.json$/)])
    rmSync(runs, {recursive: true})
    const cron = await fleet([...args(), '--json'], {XDG_STATE_HOME: stateHome})
    expect(cron.code).toBe(3)
    expect(readdirSync(runs)).toEqual([expect.stringMatching(/^inventory\.yml_host=web01\.[0-9a-f]{24}\.json$/)])
  })
})
