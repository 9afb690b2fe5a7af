/**
 * `fleet logs` end to end on real lab hosts: the same error made for real on three hosts
 * (the `refused` fault: fastcgi_pass to a port nothing listens on, then a real request)
 * folds into one line with its count and host range; --json, --grep, --level; --follow
 * prints a line again when a new occurrence is logged, and Ctrl-C ends it with exit 0.
 */
import {spawn} from 'node:child_process'
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {labAvailable, labUp, type Lab} from '../../lab/lab.js'
import {FLEET_BIN, runFleet} from '../support/fleet-cli.js'

interface Folded {
  source: string
  level?: string
  message: string
  count: number
  hosts: string[]
  hostCount: number
  firstSeen: string
  lastSeen: string
  sample: {host: string; path: string; line: string}
}
interface View {
  version: number
  windowSeconds: number
  hosts: Array<{host: string; ok: boolean}>
  lines: Folded[]
  summary: {lines: number; events: number; hosts: number; unreadable: number}
}

const REFUSED = /connect\(\) failed \(111: Connection refused\) while connecting to upstream/
const NAMES = ['lgv01', 'lgv02', 'lgv03']
const lab = labAvailable()

describe.skipIf(!lab.ok)(`fleet logs on ${NAMES.length} lab hosts${lab.ok ? '' : ` (skipped: ${lab.reason})`}`, () => {
  let fleet: Lab
  let base: string[]

  beforeAll(async () => {
    fleet = await labUp(NAMES.map((name) => ({name, faults: ['refused']})))
    base = ['-i', fleet.inventory, '--all', '--known-hosts', fleet.knownHosts, '--identity', fleet.identity]
  }, 300_000)

  afterAll(async () => {
    await fleet?.down()
  }, 120_000)

  const logs = async (...args: string[]): Promise<View> => {
    const result = await runFleet(['logs', ...base, '--json', ...args])
    expect(result.code, result.stderr).toBe(0)
    return JSON.parse(result.stdout) as View
  }

  it('folds the same error of three hosts into one line with count, host range and a real sample', async () => {
    const view = await logs('--since', '15m')
    expect(view).toMatchObject({version: 1, windowSeconds: 900, summary: {hosts: 3, unreadable: 0}})
    const refused = view.lines.filter((line) => REFUSED.test(line.message))
    expect(refused).toHaveLength(1)
    expect(refused[0]).toMatchObject({source: 'nginx', level: 'error', hosts: ['lgv[01-03]'], hostCount: 3})
    expect(refused[0].count).toBeGreaterThanOrEqual(3)
    expect(refused[0].message).toContain('client: <addr>')
    expect(NAMES).toContain(refused[0].sample.host)
    expect(refused[0].sample.path).toBe('/var/log/nginx/error.log')
    expect(refused[0].sample.line).toMatch(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[error\] \d+#\d+: \*\d+ connect\(\) failed \(111/)
    expect(Date.parse(refused[0].firstSeen)).toBeLessThanOrEqual(Date.parse(refused[0].lastSeen))

    const text = await runFleet(['logs', ...base, '--since', '15m'])
    expect(text.code, text.stderr).toBe(0)
    expect(text.stdout).toMatch(/^\d+x {2}nginx error {2}lgv\[01-03\] {2}/m)
    expect(text.stdout).toContain('connect() failed (111: Connection refused)')
  })

  it('--grep and --level filter', async () => {
    const grepped = await logs('--grep', 'Connection refused')
    expect(grepped.lines.length).toBeGreaterThan(0)
    expect(grepped.lines.every((line) => /Connection refused/.test(line.sample.line))).toBe(true)
    const none = await logs('--grep', 'no such line [x]{3}')
    expect(none.lines).toEqual([])

    const errors = await logs('--level', 'error')
    expect(errors.lines.some((line) => REFUSED.test(line.message))).toBe(true)
    expect(errors.lines.every((line) => ['error', 'crit', 'alert', 'emerg'].includes(line.level ?? ''))).toBe(true)
    const crit = await logs('--level', 'crit')
    expect(crit.lines.some((line) => REFUSED.test(line.message))).toBe(false)

    const bad = await runFleet(['logs', ...base, '--grep', '('])
    expect(bad.code).toBe(64)
    expect(bad.stderr).toContain('--grep')
  })

  it('a host that cannot be read is named, the others are still folded, and the exit code is 3', async () => {
    // The lab inventory plus a host nothing answers for (loopback port 1).
    const inventory = join(mkdtempSync(join(tmpdir(), 'fleet-logs-')), 'inventory.yml')
    writeFileSync(inventory, readFileSync(fleet.inventory, 'utf8').replace(/^groups:/m, '  lgv04: { address: 127.0.0.1, port: 1 }\ngroups:'))
    const result = await runFleet(['logs', '-i', inventory, '--all', '--known-hosts', fleet.knownHosts, '--identity', fleet.identity, '--json', '--level', 'error'])
    expect(result.code, result.stderr).toBe(3)
    const view = JSON.parse(result.stdout) as View
    expect(view.summary).toMatchObject({hosts: 4, unreadable: 1})
    expect(view.hosts.find((host) => host.host === 'lgv04')).toMatchObject({ok: false})
    expect(view.lines.find((line) => REFUSED.test(line.message))).toMatchObject({hosts: ['lgv[01-03]']})
  })

  it('--follow prints the grown count after a new occurrence; Ctrl-C ends it with exit 0', async () => {
    const child = spawn(process.execPath, [FLEET_BIN, 'logs', ...base, '--json', '--follow', '--interval', '2s', '--grep', 'Connection refused'], {
      env: {...process.env, NO_COLOR: '1'},
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const polls: Array<{poll: number; lines: Array<Folded & {new: number}>}> = []
    let buffer = ''
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk
      let nl
      while ((nl = buffer.indexOf('\n')) >= 0) {
        polls.push(JSON.parse(buffer.slice(0, nl)))
        buffer = buffer.slice(nl + 1)
      }
    })
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve))
    const until = async (done: () => boolean) => {
      while (!done()) {
        if (child.exitCode !== null) throw new Error(`fleet logs --follow ended: ${stderr}`)
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    }
    try {
      await until(() => polls.length >= 1)
      const first = polls[0].lines.find((line) => REFUSED.test(line.message))
      expect(first).toBeDefined()
      // One more real 502 on lgv02, from inside the host.
      const curl = await fleet.exec('lgv02', 'curl -s -o /dev/null -w "%{http_code}" http://127.0.0.1/')
      expect(curl.stdout).toBe('502')
      await until(() => polls.some((poll) => poll.poll > 1 && poll.lines.some((line) => REFUSED.test(line.message))))
      const grown = polls.filter((poll) => poll.poll > 1).flatMap((poll) => poll.lines).find((line) => REFUSED.test(line.message))!
      expect(grown).toMatchObject({count: first!.count + 1, new: 1, hosts: ['lgv[01-03]']})
      expect(grown.sample.host).toBe('lgv02')
    } finally {
      child.kill('SIGINT')
    }
    expect(await closed).toBe(0)
  }, 120_000)
})

describe('fleet logs usage errors (no host contacted)', () => {
  it('refuses --since last, which only fleet check has a history for, with exit 64', async () => {
    const result = await runFleet(['logs', '--all', '-i', 'inventory.example.yml', '--since', 'last'])
    expect(result.code).toBe(64)
    expect(result.stderr).toContain('fleet logs takes a duration')
  })
})
