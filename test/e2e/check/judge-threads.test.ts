/**
 * `fleet check --judge-threads N` judges hosts on threads instead of the main one: the
 * report must be the same. Simulated SSH hosts on loopback (test/hostile/support/hostile-ssh.ts:
 * ssh2 over real TCP) answer with every recorded real probe output in test/fixtures/probe,
 * plus a host whose probe fails; the real CLI (`bin/run.js`, after `npm run build`) checks
 * them with 0 threads and with 3.
 */
import {existsSync, readdirSync} from 'node:fs'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {runFleet} from '../support/fleet-cli.js'
import {probeOutput, startHostileFleet, type HostileFleet} from '../../hostile/support/hostile-ssh.js'

const built = existsSync(new URL('../../../dist/src/runner/judge-worker.js', import.meta.url))
const RECORDINGS = readdirSync(new URL('../../fixtures/probe/', import.meta.url))
  .filter((file) => file.endsWith('.txt') && !/^(proc-net|ss-)/.test(file))
  .map((file) => file.slice(0, -4))

interface Report {
  hosts: Array<Record<string, unknown> & {host: string; status: string; findings: unknown[]}>
  summary: Record<string, number>
}

/** The report without what differs between two runs of the same hosts (times). */
function comparable(stdout: string): unknown {
  const report = JSON.parse(stdout) as Report & Record<string, unknown>
  delete report.startedAt
  delete report.durationMs
  for (const host of report.hosts) delete host.durationMs
  return report
}

describe.skipIf(!built)('fleet check --judge-threads', () => {
  let fleet: HostileFleet
  const run = (threads: number) =>
    runFleet(['check', '-i', fleet.inventory, '--all', '--known-hosts', fleet.knownHosts, '--identity', fleet.identity, '--json', '--no-history', '--judge-threads', String(threads)])

  beforeAll(async () => {
    fleet = await startHostileFleet([
      ...RECORDINGS.map((name) => ({name, reply: ({nonce}: {nonce: string}) => probeOutput(name, nonce)})),
      {name: 'probe-fails', reply: () => 'sh: 1: cannot create /tmp/x: Read-only file system\n', exitCode: 1},
    ])
  }, 60_000)
  afterAll(async () => {
    await fleet?.stop()
  })

  it('judges every recorded host on threads exactly as on the main thread', async () => {
    expect(RECORDINGS.length).toBeGreaterThanOrEqual(10)
    const [main, threaded] = await Promise.all([run(0), run(3)])
    expect(threaded.stderr).not.toMatch(/Error|judging/)
    expect(threaded.code).toBe(main.code)
    const report = comparable(threaded.stdout) as Report
    expect(report.hosts).toHaveLength(RECORDINGS.length + 1)
    // Real verdicts, not empty ones: the recordings hold faults.
    expect(report.hosts.filter((host) => host.status === 'critical').length).toBeGreaterThan(2)
    expect(report.hosts.find((host) => host.host === 'probe-fails')?.status).toBe('unreachable')
    expect(report).toEqual(comparable(main.stdout))
  }, 120_000)
})
