/**
 * The real CLI (bin/run.js, built by `npm run build`) with hostile host text:
 * - `fleet check --format X` for every format against a simulated SSH host (bench/sim/server.mjs,
 *   a real ssh2 server on loopback) that answers the probe with test/fixtures/probe/hostile.txt:
 *   the fpm-stopped recording with escapes inserted in a config file name (nginx -T), a process
 *   name in a kernel OOM line, a request line in nginx's error log and a process title in ps;
 * - `fleet hosts` on an inventory with escape sequences in a host name, a user and a group.
 * No raw control, bidi control or escape sequence may reach stdout or stderr.
 */
import {spawn, spawnSync, type ChildProcess} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {createServer} from 'node:net'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {FORMAT_NAMES} from '../../src/report/formats/index.js'
import {FLEET_BIN, runFleet} from '../e2e/support/fleet-cli.js'
import {firstForbidden} from './hostile.js'

const SIM = fileURLToPath(new URL('../../bench/sim/server.mjs', import.meta.url))
const built = existsSync(FLEET_BIN.replace(/bin\/run\.js$/, 'dist/commands/check.js'))
const hasKeygen = spawnSync('ssh-keygen', ['-?']).error === undefined
const skipReason = !built ? 'run `npm run build` first' : !hasKeygen ? 'ssh-keygen is not installed' : ''
if (skipReason) console.warn(`output-cli e2e skipped: ${skipReason}`)

/** A free loopback port, picked by the kernel. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

function expectNoRaw(text: string, where: string): void {
  expect(firstForbidden(text), where).toBeNull()
}

describe.skipIf(skipReason !== '')('fleet CLI output with hostile host text', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'fleet-hostile-'))
  let sim: ChildProcess | undefined
  let inventory = ''
  let known = ''

  beforeAll(async () => {
    const key = path.join(work, 'id_ed25519')
    spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key], {stdio: 'ignore'})
    known = path.join(work, 'known_hosts')
    const port = await freePort()
    sim = spawn(process.execPath, [SIM, '--hosts', '1', '--ports-from', String(port), '--delay-ms', '0', '--fixtures', 'hostile', '--max-seconds', '600',
      '--authorized-key', `${key}.pub`, '--known-hosts', known, '--hosts-json', path.join(work, 'hosts.json')], {stdio: ['ignore', 'pipe', 'pipe']})
    let err = ''
    sim.stderr?.on('data', (chunk) => (err += chunk))
    await new Promise<void>((resolve, reject) => {
      sim!.stdout?.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('sim: ready')) resolve()
      })
      sim!.once('exit', (code) => reject(new Error(`simulator exited ${code}: ${err}`)))
    })
    inventory = path.join(work, 'inventory.yml')
    writeFileSync(inventory, `hosts:\n  web01: { address: 127.0.0.1, port: ${port}, user: root, identity_file: ${JSON.stringify(key)} }\n`)
  })

  afterAll(() => {
    sim?.kill('SIGTERM')
    rmSync(work, {recursive: true, force: true})
  })

  it.each(FORMAT_NAMES)('fleet check --format %s', async (format) => {
    // -v: the table's default view is one line per host; the finding blocks carry the evidence.
    const r = await runFleet(['check', '-i', inventory, '--all', '--known-hosts', known, '--no-history', '--format', format, ...(format === 'table' ? ['-v'] : [])])
    // A report was produced (the host is critical: FPM stopped), not a refusal.
    expect(r.stdout.length, r.stderr).toBeGreaterThan(50)
    expect(r.code).not.toBe(64)
    expectNoRaw(r.stdout, 'stdout')
    expectNoRaw(r.stderr, 'stderr')
    // The process name from the kernel OOM line is in every format that carries messages, visibly
    // escaped (Prometheus carries only host names and check ids).
    if (format !== 'prometheus') expect(r.stdout).toMatch(/\\+x1b\\?\]0;own\\+x07/)
  })

  it('fleet check --json (oclif prints the result) and -o FILE', async () => {
    const json = await runFleet(['check', '-i', inventory, '--all', '--known-hosts', known, '--no-history', '--json'])
    expectNoRaw(json.stdout, 'stdout')
    expect(JSON.parse(json.stdout).hosts[0].host).toBe('web01')
    const file = path.join(work, 'report.json')
    const out = await runFleet(['check', '-i', inventory, '--all', '--known-hosts', known, '--no-history', '--format', 'jsonl', '-o', file])
    expectNoRaw(out.stdout + out.stderr, 'stdout/stderr')
    expectNoRaw(readFileSync(file, 'utf8'), file)
  })

  it('fleet hosts on an inventory with escapes in a name, a user and a group', async () => {
    const file = path.join(work, 'hostile-inventory.yml')
    // YAML double-quoted escapes: \e is ESC, \a BEL, \x9b the 8-bit CSI, \u202e RIGHT-TO-LEFT OVERRIDE.
    writeFileSync(
      file,
      [
        'hosts:',
        '  "web\\e[31m01\\e]0;pwned\\a":',
        '    address: 10.0.0.1',
        '    user: "deploy\\x9b2J\\u202e"',
        'groups:',
        '  "prod\\e[5m":',
        '    hosts: ["web\\e[31m01\\e]0;pwned\\a"]',
        '',
      ].join('\n'),
    )
    for (const args of [['hosts', '-i', file, '--all'], ['hosts', '-i', file, '--all', '--json']]) {
      const r = await runFleet(args)
      expectNoRaw(r.stdout, `${args.join(' ')}: stdout`)
      expectNoRaw(r.stderr, `${args.join(' ')}: stderr`)
      // Either the inventory is refused (exit 65), or the host is listed with the escape visible.
      if (r.code === 0) expect(r.stdout).toMatch(/web\\+x1b\[31m01/)
      else expect(r.code).toBe(65)
    }
  })

  it('an inventory error quoting a hostile value (8-bit CSI, bidi override) shows it escaped', async () => {
    const file = path.join(work, 'bad-inventory.yml')
    writeFileSync(file, 'hosts:\n  web01:\n    address: 10.0.0.1\n    port: "\\x9b2J\\u202e22\\e]0;t\\a"\n')
    for (const args of [['hosts', '-i', file, '--all'], ['hosts', '-i', file, '--all', '--json']]) {
      const r = await runFleet(args)
      // Refused (65; oclif's --json error path exits 1), with the value quoted.
      expect(r.code).not.toBe(0)
      expectNoRaw(r.stdout, `${args.join(' ')}: stdout`)
      expectNoRaw(r.stderr, `${args.join(' ')}: stderr`)
      expect(r.stdout + r.stderr).toMatch(/\\+x9b2J\\+u\{202e\}22/)
    }
  })
})
