/**
 * Issue 9 end to end: evidence where production keeps it (a rotated log, a JSON access log,
 * FPM in the journal, a host in local time, FPM at debug level) and the 404/500 half of the
 * story (a stale SCRIPT_FILENAME, a tiny memory_limit, a full session filesystem, a Laravel
 * app's own log, too few worker_connections). One lab host per fault, made the production way
 * (test/lab/faults.sh), plus a clean host in each layout. The real `fleet check --json` must
 * name each faulted host by its check ID and raise nothing stray at warning or worse; a clean
 * host must raise nothing at warning or worse and must not be healthy by silence: the checks
 * that read its layout's log ran (not skipped), no host/partial says that log was not read, and
 * (FPM layouts) `fleet logs` shows the running master's start line, which only the live log has.
 * Each host is checked on its own (an inventory without groups): the layouts differ on
 * purpose, so fleet/config-drift has no group to compare them in and must not appear either.
 */
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {labAvailable, labUp, type Lab} from '../../lab/lab.js'
import {runFleet} from '../support/fleet-cli.js'

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
  skipped?: Array<{check: string; reason: string}>
}

interface Expectation {
  fault: string
  /** Check IDs that must be reported. */
  must: string[]
  /** Other checks at warning or worse that are consequences of the same fault. */
  allowed?: string[]
  /** A finding of this check must name FILE:LINE. */
  fileLine?: string
  /** What a finding of `check` has to say (in its message, or message and evidence where said). */
  says?: Array<{check: string; text: RegExp; where?: 'message+evidence'}>
  /** The cause line must start with this check ID. */
  cause?: string
  /** Checks that read this layout's log: they must run, never be skipped. */
  reads: string[]
  /** A host/partial finding matching this says the layout's log was not read. */
  hides: RegExp
  /** `fleet logs` must show the running FPM master's start line: the FPM log fleet reads is the live one. */
  masterLine?: boolean
}

/** Checks that need the FPM pool model and nothing else from the host's logs. */
const POOL_READERS = ['timeouts/order', 'fpm/memory-overcommit']
const MAX_CHILDREN_ALLOWED = ['nginx/upstream-errors', 'upstream/backlog-full']
const FPM_LOG_READERS = ['fpm/max-children-reached', 'fpm/child-killed', 'fpm/request-terminated', 'fpm/slow-requests']

const HOSTS: Record<string, Expectation> = {
  // The warnings were rotated into php8.2-fpm.log.1 by a real logrotate.
  'ev-rot': {fault: 'fpm-rotated', must: ['fpm/max-children-reached'], allowed: MAX_CHILDREN_ALLOWED, reads: FPM_LOG_READERS, hides: /php8\.2-fpm\.log/, masterLine: true},
  'ev-rotc': {fault: 'rotated-clean', must: [], reads: [...FPM_LOG_READERS, 'nginx/header-buffers'], hides: /php8\.2-fpm\.log|nginx\/access\.log/, masterLine: true},
  // 400s only in a JSON access log (escape=json log_format).
  'ev-json': {
    fault: 'access-json',
    must: ['nginx/header-buffers'],
    fileLine: 'nginx/header-buffers',
    // The config finding (buffers below the default) needs no log; the 400s are only in the JSON log.
    says: [{check: 'nginx/header-buffers', text: /\b3 400 responses\b/}],
    reads: ['nginx/header-buffers'],
    hides: /app-access\.json|json_combined|log_format/,
  },
  'ev-jsonc': {fault: 'access-json-clean', must: [], reads: ['nginx/header-buffers'], hides: /app-access\.json|json_combined|log_format/},
  // FPM error_log = syslog: the warnings are only in the journal.
  'ev-sys': {fault: 'fpm-syslog', must: ['fpm/max-children-reached'], allowed: MAX_CHILDREN_ALLOWED, reads: FPM_LOG_READERS, hides: /fpm|syslog/, masterLine: true},
  'ev-sysc': {fault: 'fpm-syslog-clean', must: [], reads: FPM_LOG_READERS, hides: /fpm|syslog/, masterLine: true},
  // The host and its daemons in Europe/Berlin: local stamps counted in the window.
  'ev-tz': {fault: 'tz-berlin', must: ['fpm/max-children-reached'], allowed: MAX_CHILDREN_ALLOWED, reads: FPM_LOG_READERS, hides: /zone|time|php8\.2-fpm\.log/, masterLine: true},
  'ev-tzc': {fault: 'tz-berlin-clean', must: [], reads: FPM_LOG_READERS, hides: /zone|time|php8\.2-fpm\.log/, masterLine: true},
  // log_level = debug: the pool name is only in the debug prefix's "[pool www]".
  'ev-dbg': {
    fault: 'fpm-debug',
    must: ['fpm/child-killed'],
    allowed: ['nginx/upstream-errors'],
    says: [{check: 'fpm/child-killed', text: /^pool www: .*SIGSEGV/}],
    // log_level = debug also prefixes every `php-fpm -tt` dump line ("pid N, fpm_conf_dump(), line N:",
    // test/fixtures/logs/issue9/fpm-debug.tt.txt): the pool model must survive it (see below).
    reads: FPM_LOG_READERS,
    hides: /php8\.2-fpm\.log/,
    masterLine: true,
  },
  'ev-snf': {
    fault: 'script-not-found',
    must: ['php/script-not-found'],
    fileLine: 'php/script-not-found',
    cause: 'php/script-not-found',
    // nginx sends both SCRIPT_FILENAME params and FPM takes the last one: the stale path of the
    // site's own fastcgi_param (sites-enabled/app:15), not fastcgi.conf's $document_root one,
    // is what named no file (the 404 proves it: /var/www/app/public/index.php exists).
    says: [
      {
        check: 'php/script-not-found',
        text: /SCRIPT_FILENAME \/srv\/old-release\$fastcgi_script_name \(\/etc\/nginx\/sites-enabled\/app:\d+\)/,
      },
    ],
    reads: ['php/script-not-found'],
    hides: /nginx\/error\.log/,
  },
  'ev-mem': {
    fault: 'memory-limit',
    must: ['php/fatal-errors'],
    // The pool's memory_limit (php_admin_value[memory_limit] = 4M) is shown with the class;
    // the raw line only says "4194304 bytes".
    says: [{check: 'php/fatal-errors', text: /\bmemory exhausted\b.*\bmemory_limit = 4M\b/, where: 'message+evidence'}],
    cause: 'php/fatal-errors',
    reads: ['php/fatal-errors'],
    hides: /nginx\/error\.log/,
  },
  'ev-sess': {
    fault: 'sessions-full',
    must: ['system/disk-full'],
    says: [{check: 'system/disk-full', text: /\/var\/lib\/php\/sessions/}],
    cause: 'system/disk-full',
    reads: ['system/disk-full'],
    hides: /df|disk|sessions/,
  },
  // app/errors is info: the host must still be named by it.
  'ev-lar': {
    fault: 'laravel-app',
    must: ['app/errors'],
    says: [{check: 'app/errors', text: /App\\Exceptions\\PaymentFailed/}],
    reads: ['app/errors'],
    hides: /laravel|\/srv\/app/,
  },
  'ev-larc': {fault: 'laravel-clean', must: [], reads: ['app/errors'], hides: /laravel|\/srv\/app/},
  'ev-wc': {
    fault: 'worker-connections',
    must: ['nginx/resource-limits'],
    // 60 concurrent slow requests are also more than the pool's 5 children can serve.
    allowed: ['fpm/max-children-reached', 'nginx/upstream-errors'],
    says: [{check: 'nginx/resource-limits', text: /worker_connections are not enough.*worker_connections 16 \(\/etc\/nginx\/nginx\.conf:\d+\)/}],
    reads: ['nginx/resource-limits'],
    hides: /nginx\/error\.log/,
  },
}

const lab = labAvailable()

describe.skipIf(!lab.ok)('issue 9: evidence where production keeps it, one host per fault and clean layout', () => {
  let fleet: Lab
  let hosts: Map<string, JsonHost>
  let inventory: string

  beforeAll(async () => {
    fleet = await labUp(Object.entries(HOSTS).map(([name, host]) => ({name, faults: [host.fault]})))
    inventory = join(fleet.dir, 'evidence-inventory.yml')
    const lines = ['defaults: { user: root, port: 22 }', 'hosts:', ...fleet.hosts.map((host) => `  ${host.name}: { address: ${host.address} }`)]
    writeFileSync(inventory, `${lines.join('\n')}\n`)
    const result = await runFleet(['check', '-i', inventory, '--all', '--known-hosts', fleet.knownHosts, '--identity', fleet.identity, '--json', '--since', '1h'])
    const report = JSON.parse(result.stdout) as {hosts: JsonHost[]}
    hosts = new Map(report.hosts.map((host) => [host.host, host]))
  })

  afterAll(async () => {
    await fleet?.down()
  })

  for (const [name, expected] of Object.entries(HOSTS)) {
    const host = () => hosts.get(name)!
    const dump = () => JSON.stringify({findings: host().findings, skipped: host().skipped}, null, 1)

    describe(`${name} (${expected.fault})`, () => {
      it('was checked', () => {
        expect(hosts.get(name)?.error).toBeNull()
      })

      if (expected.must.length > 0) {
        it(`names ${expected.must.join(', ')}`, () => {
          const ids = host().findings.map((finding) => finding.check)
          for (const id of expected.must) expect(ids, dump()).toContain(id)
        })
      }

      it(expected.must.length > 0 ? 'raises nothing at warning or worse that its fault does not explain' : 'raises nothing at warning or worse', () => {
        const allowed = new Set([...expected.must, ...(expected.allowed ?? [])])
        const stray = host()
          .findings.filter((finding) => finding.severity !== 'info' && !allowed.has(finding.check))
          .map((finding) => `${finding.check}: ${finding.message}`)
        expect(stray).toEqual([])
      })

      it('read the log of its layout (not healthy by silence)', () => {
        const skipped = (host().skipped ?? []).filter((entry) => expected.reads.includes(entry.check))
        expect(skipped, dump()).toEqual([])
        const hidden = host()
          .findings.filter((finding) => finding.check === 'host/partial' && expected.hides.test(finding.message))
          .map((finding) => finding.message)
        expect(hidden).toEqual([])
      })

      if (expected.fileLine) {
        it(`points ${expected.fileLine} at FILE:LINE`, () => {
          const finding = host().findings.find((entry) => entry.check === expected.fileLine)
          expect(finding?.message, dump()).toMatch(/\/etc\/\S+:\d+/)
        })
      }

      if (expected.cause) {
        it(`gives ${expected.cause} as the cause`, () => {
          expect(host().cause, dump()).toMatch(new RegExp(`^${expected.cause!.replace('/', '\\/')}:`))
        })
      }

      for (const says of expected.says ?? []) {
        it(`${says.check} says ${says.text}`, () => {
          const texts = host()
            .findings.filter((entry) => entry.check === says.check)
            .map((entry) => (says.where ? [entry.message, ...entry.evidence].join('\n') : entry.message))
          expect(texts.some((text) => says.text.test(text)), dump()).toBe(true)
        })
      }

      if (expected.masterLine) {
        it("fleet logs shows the running FPM master's start line (the FPM log read is the live one)", async () => {
          // Only the log FPM writes to now has the current master's "fpm is running, pid N":
          // the rotated generation, the journal, the Berlin-time file.
          const pid = (await fleet.exec(name, ['cat', '/run/php/php8.2-fpm.pid'])).stdout.trim()
          expect(pid).toMatch(/^\d+$/)
          const result = await runFleet([
            'logs', '-i', inventory, '--host', name, '--known-hosts', fleet.knownHosts, '--identity', fleet.identity,
            '--json', '--since', '1h', '--level', 'notice', '--grep', `fpm is running, pid ${pid}$`,
          ])
          const lines = (JSON.parse(result.stdout) as {lines: unknown[]}).lines
          expect(lines.length, result.stdout + result.stderr).toBeGreaterThan(0)
        }, 120_000)
      }

      // Every host runs FPM: its pools are modelled whatever its log layout or log_level
      // (issue 9: an empty model from a successful -tt silences the pool checks).
      it('models the FPM pools (no check skipped for want of them)', () => {
        const skipped = (host().skipped ?? []).filter((entry) => /FPM pools? could not be read/i.test(entry.reason) || POOL_READERS.includes(entry.check))
        expect(skipped, dump()).toEqual([])
      })
    })
  }
})
