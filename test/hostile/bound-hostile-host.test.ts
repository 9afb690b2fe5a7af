/**
 * One host must not sink the run (issue 8 item 5). Simulated SSH hosts on loopback
 * (test/hostile/support/hostile-ssh.ts: ssh2 over real TCP, host keys in a temp
 * known_hosts) answer the probe; the real CLI (`bin/run.js`, after `npm run build`)
 * checks them.
 *
 * (a) A host whose `nginx -T` holds 30,000 server blocks (1.2 MiB) next to a healthy
 *     host that answers a little later: judging the big config must not push the healthy
 *     host past its deadline (the old quadratic lookups took ~25 s here; the command
 *     timeout is 8 s), and the big host still gets a verdict.
 * (b) A host that streams 70 MiB: the controller stops reading, reports the host with
 *     the reason, and its peak RSS stays bounded.
 * (c) A host that sends one section larger than the probe ever does (within the stream
 *     budget): that section is cut at the probe's cap and the host says so (host/partial).
 * (d) Judging hosts that are big within every cap (95,000 servers, just under the 4 MiB
 *     dump cap) still takes the controller seconds of CPU, past the healthy host's 2 s
 *     deadline: the deadline measures the host, so the healthy host is not `timeout`.
 */
import {spawn} from 'node:child_process'
import {existsSync} from 'node:fs'

import {afterEach, describe, expect, it} from 'vitest'

import {FLEET_BIN, runFleet} from '../e2e/support/fleet-cli.js'
import {probeOutput, startHostileFleet, type HostileFleet} from './support/hostile-ssh.js'

const built = existsSync(new URL('../../dist/commands/check.js', import.meta.url))
const TIME = '/usr/bin/time'
/** What test/fixtures/probe/healthy.txt is judged on its own (host/partial: kernel log not readable there). */
const HEALTHY_STATUS = 'info'

interface HostJson {
  host: string
  status: string
  error: {kind: string; message: string} | null
  findings: Array<{check: string; message: string; evidence: string[]}>
}

let fleet: HostileFleet | undefined
afterEach(async () => {
  await fleet?.stop()
  fleet = undefined
})

/** `text` (a probe output) with the body of its nginx-T frame replaced. */
function withDump(text: string, nonce: string, dump: string): string {
  const begin = `==FLEET ${nonce} BEGIN nginx-T==\n`
  const start = text.indexOf(begin) + begin.length
  const end = text.indexOf(`\n==FLEET ${nonce} END nginx-T`)
  return `${text.slice(0, start)}${dump}${text.slice(end)}`
}

function serverBlocks(count: number): string {
  const lines = ['# configuration file /etc/nginx/nginx.conf:', 'user www-data;', 'events {}', 'http {']
  for (let i = 0; i < count; i++) lines.push(`server { listen 80; server_name s${i}; }`)
  lines.push('}')
  return lines.join('\n')
}

const checkArgs = (f: HostileFleet, extra: string[]): string[] => [
  'check', '-i', f.inventory, '--all', '--known-hosts', f.knownHosts, '--identity', f.identity, '--json', '--no-history', ...extra,
]

describe.skipIf(!built)('bound: one hostile host cannot sink the run (needs `npm run build`)', () => {
  it('(a) a 30,000-server config is judged without pushing a healthy host past its deadline', async () => {
    const dump = serverBlocks(30_000)
    expect(Buffer.byteLength(dump)).toBeGreaterThan(1_200_000)
    fleet = await startHostileFleet([
      {name: 'big', reply: ({nonce}) => withDump(probeOutput('healthy', nonce), nonce, dump)},
      // Answers while the big host's output is being judged.
      {name: 'healthy', delayMs: 1500, reply: ({nonce}) => probeOutput('healthy', nonce)},
    ])
    const result = await runFleet(checkArgs(fleet, ['--command-timeout', '8', '--concurrency', '10']))
    const report = JSON.parse(result.stdout) as {hosts: HostJson[]}
    const host = (name: string) => report.hosts.find((h) => h.host === name)!
    // Checked, with the verdict its recorded output always gets (info: no kernel log in that container).
    expect(host('healthy').error, JSON.stringify(host('healthy').error)).toBeNull()
    expect(host('healthy').status).toBe(HEALTHY_STATUS)
    // The big host gets a verdict of its own (its config was read), not an error.
    expect(host('big').error).toBeNull()
    expect(['ok', 'info', 'warning', 'critical']).toContain(host('big').status)
  })

  it('(c) a section over the probe\'s own cap is cut there and reported as host/partial', async () => {
    fleet = await startHostileFleet([
      {
        name: 'loud',
        reply: ({nonce}) => {
          const text = probeOutput('healthy', nonce)
          const begin = `==FLEET ${nonce} BEGIN ps==\n`
          const at = text.indexOf(begin) + begin.length
          return `${text.slice(0, at)}${'    1     0  4000 nginx nginx: worker process\n'.repeat(8000)}${text.slice(at)}`
        },
      },
    ])
    const result = await runFleet(checkArgs(fleet, ['--command-timeout', '30']))
    const [loud] = (JSON.parse(result.stdout) as {hosts: HostJson[]}).hosts
    expect(loud.error).toBeNull()
    const partial = loud.findings.filter((f) => f.check === 'host/partial').map((f) => f.message)
    expect(partial).toContainEqual(expect.stringMatching(/^probe-output:ps not collected: the host sent .* in the ps section, more than the probe ever sends \(256 KiB\)/))
  })

  it('(d) seconds spent judging a big host do not count against another host\'s deadline', async () => {
    const dump = serverBlocks(95_000)
    expect(Buffer.byteLength(dump)).toBeLessThan(4 * 1024 * 1024)
    fleet = await startHostileFleet([
      {name: 'big1', reply: ({nonce}) => withDump(probeOutput('healthy', nonce), nonce, dump)},
      {name: 'big2', reply: ({nonce}) => withDump(probeOutput('healthy', nonce), nonce, dump)},
      // Answers while the big hosts are judged, one after the other, past its 2 s deadline.
      {name: 'healthy', delayMs: 1500, reply: ({nonce}) => probeOutput('healthy', nonce)},
    ])
    const result = await runFleet(checkArgs(fleet, ['--command-timeout', '2', '--timeout', '5', '--concurrency', '10']))
    const report = JSON.parse(result.stdout) as {hosts: HostJson[]}
    const host = (name: string) => report.hosts.find((h) => h.host === name)!
    expect(host('healthy').error, JSON.stringify(host('healthy').error)).toBeNull()
    expect(host('healthy').status).toBe(HEALTHY_STATUS)
    expect(host('big1').error).toBeNull()
    expect(host('big2').error).toBeNull()
  })

  it.skipIf(!existsSync(TIME))('(b) a host streaming 70 MiB is cut off and reported, with the controller bounded in memory', async () => {
    const total = 70 * 1024 * 1024
    fleet = await startHostileFleet([
      {
        name: 'flood',
        async *reply({nonce}) {
          const healthy = probeOutput('healthy', nonce)
          const begin = `==FLEET ${nonce} BEGIN nginx-T==\n`
          yield healthy.slice(0, healthy.indexOf(begin) + begin.length)
          const block = Buffer.from(serverBlocks(25_000).split('\n').slice(4, -1).join('\n') + '\n')
          for (let sent = 0; sent < total; sent += block.length) yield block
          yield `\n==FLEET ${nonce} END nginx-T rc=0==\n`
        },
      },
      {name: 'healthy', reply: ({nonce}) => probeOutput('healthy', nonce)},
    ])
    const measured = await new Promise<{stdout: string; stderr: string}>((resolve, reject) => {
      const child = spawn(TIME, ['-v', process.execPath, FLEET_BIN, ...checkArgs(fleet!, ['--command-timeout', '60'])], {
        env: {...process.env, NO_COLOR: '1'},
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let stdout = ''
      let stderr = ''
      child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c))
      child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c))
      child.on('error', reject)
      child.on('close', () => resolve({stdout, stderr}))
    })
    const peakKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(measured.stderr)?.[1])
    expect(peakKb, measured.stderr.slice(-2000)).toBeGreaterThan(0)
    const report = JSON.parse(measured.stdout) as {hosts: HostJson[]}
    const flood = report.hosts.find((h) => h.host === 'flood')!
    expect(flood.status).toBe('unreachable')
    expect(flood.error?.kind).toBe('protocol')
    expect(flood.error?.message).toMatch(/sent more than .* MiB of probe output.*stopped reading/)
    expect(report.hosts.find((h) => h.host === 'healthy')!.status).toBe(HEALTHY_STATUS)
    // Reading stopped: the host could not push its whole stream.
    expect(fleet.sent('flood')).toBeLessThan(total)
    expect(peakKb / 1024).toBeLessThan(400)
  })
})
