/**
 * Diagnosis end to end: one lab host per fault of the catalog, each made the way it
 * happens in production, plus a clean host and a host without systemd. `fleet check`
 * must name each fault by its ID on its host (FILE:LINE where config is involved) and
 * raise nothing at warning or worse that the fault does not explain.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {labAvailable, labUp, type Lab} from '../../lab/lab.js'
import {runFleet} from '../support/fleet-cli.js'

interface Expectation {
  fault?: string
  /** Check IDs that must be reported. */
  must: string[]
  /** Other checks at warning or worse that are consequences of the same fault. */
  allowed?: string[]
  /** The cause line must start with this check ID. */
  cause?: string
  /** A finding of this check must name FILE:LINE. */
  fileLine?: string
}

const HOSTS: Record<string, Expectation> = {
  'dg-clean': {must: []},
  'dg-nosd': {fault: 'no-systemd', must: []},
  'dg-fpm': {fault: 'fpm-stopped', must: ['fpm/service-down', 'upstream/socket-missing'], cause: 'fpm/service-down'},
  'dg-nginx': {fault: 'nginx-stopped', must: ['nginx/service-down'], cause: 'nginx/service-down'},
  'dg-typo': {fault: 'site-typo', must: ['nginx/config-invalid'], fileLine: 'nginx/config-invalid'},
  'dg-sock': {fault: 'socket-elsewhere', must: ['upstream/socket-mismatch'], allowed: ['upstream/socket-missing'], cause: 'upstream/socket-mismatch', fileLine: 'upstream/socket-mismatch'},
  'dg-maxch': {fault: 'fpm-max-children', must: ['fpm/max-children-reached'], allowed: ['nginx/upstream-errors', 'upstream/backlog-full']},
  'dg-term': {fault: 'fpm-request-terminated', must: ['fpm/request-terminated'], allowed: ['nginx/upstream-errors']},
  'dg-kill': {fault: 'fpm-child-killed', must: ['fpm/child-killed'], allowed: ['nginx/upstream-errors']},
  'dg-slow': {fault: 'fpm-slow', must: ['fpm/slow-requests']},
  'dg-tmo': {fault: 'timeout-order', must: ['timeouts/order'], allowed: ['nginx/upstream-errors'], fileLine: 'timeouts/order'},
  'dg-hdr': {fault: 'header-buffers', must: ['nginx/header-buffers'], fileLine: 'nginx/header-buffers'},
  'dg-perm': {fault: 'socket-permission', must: ['upstream/socket-permission'], cause: 'upstream/socket-permission'},
  'dg-ref': {fault: 'refused', must: ['upstream/refused'], allowed: ['upstream/socket-mismatch']},
  'dg-root': {fault: 'root-in-php-location', must: ['nginx/root-in-php-location'], fileLine: 'nginx/root-in-php-location'},
  'dg-notry': {fault: 'no-try-files', must: ['nginx/php-without-try-files'], fileLine: 'nginx/php-without-try-files'},
  'dg-fcfg': {fault: 'fpm-config-invalid', must: ['fpm/config-invalid'], cause: 'fpm/config-invalid'},
  'dg-mem': {fault: 'memory-overcommit', must: ['fpm/memory-overcommit']},
  'dg-oom': {fault: 'oom-kill', must: ['system/oom-kill'], allowed: ['fpm/child-killed', 'nginx/upstream-errors']},
}

interface JsonFinding {
  check: string
  severity: string
  message: string
  evidence: string[]
}
interface JsonHost {
  host: string
  status: string
  error: unknown
  cause: string | null
  findings: JsonFinding[]
}

const lab = labAvailable()
const faultCount = Object.values(HOSTS).filter((host) => host.fault && host.must.length > 0).length

describe.skipIf(!lab.ok)(`diagnosis of ${faultCount} faults, one per host`, () => {
  let fleet: Lab
  let hosts: Map<string, JsonHost>

  beforeAll(async () => {
    fleet = await labUp(Object.entries(HOSTS).map(([name, host]) => ({name, faults: host.fault ? [host.fault] : []})))
    const result = await runFleet(['check', '-i', fleet.inventory, '--all', '--known-hosts', fleet.knownHosts, '--identity', fleet.identity, '--json', '--since', '1h'])
    const report = JSON.parse(result.stdout) as {hosts: JsonHost[]}
    hosts = new Map(report.hosts.map((host) => [host.host, host]))
  })

  afterAll(async () => {
    await fleet?.down()
  })

  it('covers at least 14 faults of the catalog', () => {
    expect(faultCount).toBeGreaterThanOrEqual(14)
  })

  for (const [name, expected] of Object.entries(HOSTS)) {
    describe(`${name}${expected.fault ? ` (${expected.fault})` : ''}`, () => {
      it('was checked', () => {
        expect(hosts.get(name)?.error).toBeNull()
      })

      if (expected.must.length > 0) {
        it(`names ${expected.must.join(', ')}`, () => {
          const ids = hosts.get(name)!.findings.map((finding) => finding.check)
          for (const id of expected.must) expect(ids, JSON.stringify(hosts.get(name)!.findings, null, 1)).toContain(id)
        })
      }

      it('raises nothing at warning or worse that its fault does not explain', () => {
        // Every host of this lab is one group with a different fault each: a fault made by editing
        // config is, rightly, also drift from the group's majority (fleet/config-drift has its own
        // e2e, drift.test.ts). A host without a fault must not drift.
        const allowed = new Set([...expected.must, ...(expected.allowed ?? []), ...(expected.fault ? ['fleet/config-drift'] : [])])
        const stray = hosts
          .get(name)!
          .findings.filter((finding) => finding.severity !== 'info' && !allowed.has(finding.check))
          .map((finding) => `${finding.check}: ${finding.message}`)
        expect(stray).toEqual([])
      })

      if (expected.cause) {
        it(`gives ${expected.cause} as the cause`, () => {
          expect(hosts.get(name)!.cause).toMatch(new RegExp(`^${expected.cause!.replace('/', '\\/')}`))
        })
      }

      if (expected.fileLine) {
        it(`points ${expected.fileLine} at FILE:LINE`, () => {
          const finding = hosts.get(name)!.findings.find((entry) => entry.check === expected.fileLine)!
          expect(finding.message).toMatch(/\/etc\/\S+:\d+/)
        })
      }
    })
  }
})
