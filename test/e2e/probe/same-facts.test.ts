/**
 * Issue 10: the lighter probe must collect the same facts as the one it
 * replaced. On one lab host per reachable fault of test/lab/faults.sh (plus a
 * clean host), the reference probe (test/fixtures/probe/probe-before-issue10.sh,
 * the probe as it was before issue 10) and the current one run back to back
 * over real SSH as root, as `fleet check` runs them (`sh -s`, the script on
 * stdin); both outputs go through the real parser and the facts must be equal
 * once what legitimately differs between two runs seconds apart is set aside
 * (see `normalise`).
 *
 * With FLEET_RECORD_FACTS_BEFORE=1 the reference's normalised facts are also
 * written to test/fixtures/probe/facts-before/NAME.json (the issue's record).
 */
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'
import type {HostFacts} from '../../../src/probe/facts.js'
import {parseProbeOutput} from '../../../src/probe/parse.js'
import {PROBE_COMMAND, PROBE_DEFAULTS, probeScript} from '../../../src/probe/script.js'
import {createSshConnector} from '../../../src/transport/ssh.js'
import {labAvailable, labUp} from '../../lab/lab.js'

const lab = labAvailable()
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url))
const REFERENCE = readFileSync(here('../../fixtures/probe/probe-before-issue10.sh'), 'utf8')
const RECORD_DIR = here('../../fixtures/probe/facts-before/')

/** Every fault of the lab's table whose host can still be reached over SSH. */
const UNREACHABLE = new Set(['sshd-down', 'key-changed'])
const faults = [...readFileSync(here('../../lab/faults.sh'), 'utf8').matchAll(/^([a-z0-9-]+) +\| /gm)]
  .map((m) => m[1])
  .filter((f) => !UNREACHABLE.has(f))
const hosts = [{name: 'sf-clean', faults: [] as string[]}, ...faults.map((f) => ({name: `sf-${f}`, faults: [f]}))]
// A few hosts at a time: the machine is shared (2 cores).
const BATCH = 6
const batches: (typeof hosts)[] = []
for (let i = 0; i < hosts.length; i += BATCH) batches.push(hosts.slice(i, i + BATCH))

/** The reference script with the run's parameters in front, as probeScript() sends them. */
function referenceScript(nonce: string): string {
  return `FLEET_NONCE=${nonce}\nFLEET_WINDOW=${PROBE_DEFAULTS.windowSeconds}\nFLEET_MAXLOG=${PROBE_DEFAULTS.maxLogBytes}\n${REFERENCE}`
}

/**
 * What may differ between two runs seconds apart, and nothing else:
 * - the clock: `system.now`, FPM's `[04-Dec-2026 22:10:01]` stamps in its -tt output,
 *   nginx's `2026/12/04 22:05:53` in its test's messages;
 * - the probe's scratch dir (mktemp -d) in the FPM copy's messages;
 * - pids: MainPID, pids in pid files, ss's `pid=N`, nginx's `[emerg] 104#104:`,
 *   FPM's debug-level `pid 212, fpm_conf_dump()` (and its microseconds);
 * - restart counters (NRestarts) and free memory / RSS (only which pools have children is kept);
 * - log lines appended between the runs: the second run's lines must start
 *   with the first run's (checked by `appendedOnly`), the rest is set aside;
 * - what issue 9 added and the reference never collected, on both sides: the
 *   evidence section's facts (and its partials: disks, php.ini, app logs, unit
 *   journals), the pool logs (fpmSlowlog, phpError) and the zone (tz=); and
 *   the case of FPM's `log_level` (item 9: now taken from the fpm-tt frame's
 *   `log_level=`, as configured, where the dump says `DEBUG`).
 */
function normalise(facts: HostFacts): unknown {
  const text = JSON.stringify(facts)
    .replace(/\d\d-[A-Z][a-z]{2}-\d{4} \d\d:\d\d:\d\d/g, 'DATE')
    .replace(/\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d (\[\w+\]) \d+#\d+:/g, 'DATE $1 N#N:')
    .replace(/\/(?:tmp|dev\/shm)\/tmp\.[A-Za-z0-9]+/g, 'SCRATCH')
    .replace(/DATE\.\d+/g, 'DATE')
    .replace(/pid=\d+/g, 'pid=N')
    .replace(/\bpid \d+, fpm_/g, 'pid N, fpm_')
    .replace(/\b(MainPID|NRestarts|ExecMainPID)=\d+/g, '$1=N')
  const f = JSON.parse(text) as HostFacts
  const loose = f as unknown as {evidence?: unknown; system: {timeZone?: string}; logs: {fpmSlowlog?: unknown; phpError?: unknown}}
  delete loose.evidence
  delete loose.system.timeZone
  delete loose.logs.fpmSlowlog
  delete loose.logs.phpError
  f.partial = f.partial.filter((p) => !/^(unit-journal|disks|disks-inodes|php-ini|app-log)(:|$)/.test(p.fact))
  for (const x of f.fpm) {
    const g = (x.config as unknown as {global?: Record<string, string>} | null)?.global
    if (g?.log_level) g.log_level = g.log_level.toLowerCase()
  }
  f.system.now = 0
  for (const s of [f.nginx.service, ...f.fpm.map((x) => x.service)]) {
    if (s.mainPid !== undefined) s.mainPid = 0
    if (s.restarts !== undefined) s.restarts = 0
    s.raw = s.raw.map((l) => l.replace(/^(\S+ \S+ )\d+( (?:alive|dead))/, '$1N$2'))
  }
  f.memory.memAvailableKb = 0
  f.memory.fpmChildRssKb = Object.fromEntries(Object.keys(f.memory.fpmChildRssKb).sort().map((k) => [k, []]))
  return f
}

type Logs = HostFacts['logs']
/**
 * Run B's logs only add lines to run A's; then B's tails are made A's. Issue 9
 * also reads what the reference never did: rotated generations merged before a
 * log's current lines, and journal reads as tails of their own. So B may hold
 * tails A has not (set aside), and A's lines must be a contiguous run of B's
 * (after any older generations), followed only by lines appended since.
 */
function appendedOnly(a: Logs, b: Logs): void {
  for (const key of ['nginxError', 'nginxAccess', 'fpm'] as const) {
    const paths = a[key].map((l) => l.path)
    b[key] = b[key].filter((l) => paths.includes(l.path))
    expect(b[key].map((l) => l.path)).toEqual(paths)
    b[key].forEach((tail, i) => {
      const want = a[key][i].lines
      const at = want.length === 0 ? 0 : tail.lines.findIndex((_, k) => want.every((l, j) => tail.lines[k + j] === l))
      expect(at, `${tail.path}: the first run's lines, in order, then only appended ones`).toBeGreaterThanOrEqual(0)
      tail.lines = want
      tail.truncated = a[key][i].truncated
      // The rotated generations read (issue 9) are named on the tail; the reference read none.
      delete (tail as {generations?: unknown}).generations
      delete (a[key][i] as {generations?: unknown}).generations
    })
  }
  if (a.kernel && b.kernel) {
    // The kernel ring can drop old lines as new ones arrive: the first run's lines that remain are in order at the start.
    const start = b.kernel.lines.indexOf(a.kernel.lines.find((l) => b.kernel!.lines.includes(l)) ?? '')
    if (start >= 0) b.kernel.lines = a.kernel.lines
  }
}

describe.skipIf(!lab.ok)(`same facts before and after issue 10${lab.ok ? '' : ` (skipped: ${lab.reason})`}`, () => {
  for (const [i, batch] of batches.entries()) {
    it(`batch ${i + 1}: ${batch.map((h) => h.name).join(', ')}`, {timeout: 900_000}, async () => {
      const fleet = await labUp(batch)
      const connector = createSshConnector({knownHostsFiles: [fleet.knownHosts], acceptNew: false, agent: '', identityFiles: [fleet.identity]})
      try {
        for (const h of fleet.hosts) {
          const spec = {name: h.name, address: h.address, port: 22, user: 'root', identityFiles: [], sudo: false, connection: 'ssh' as const, groups: [], vars: {}}
          const t = await connector.connect(spec, {timeoutMs: 20_000})
          try {
            const run = async (script: string, nonce: string) => {
              const r = await t.exec(PROBE_COMMAND, {stdin: script, timeoutMs: 120_000})
              expect(r.code, `${h.name}: probe exit (stderr: ${r.stderr})`).toBe(0)
              return parseProbeOutput(r.stdout, nonce, {maxLogBytes: PROBE_DEFAULTS.maxLogBytes})
            }
            const before = await run(referenceScript('sfref1'), 'sfref1')
            const after = await run(probeScript({nonce: 'sfnew1', ...PROBE_DEFAULTS}), 'sfnew1')
            appendedOnly(before.logs, after.logs)
            const a = normalise(before)
            if (process.env.FLEET_RECORD_FACTS_BEFORE) {
              mkdirSync(RECORD_DIR, {recursive: true})
              writeFileSync(`${RECORD_DIR}${h.name.replace(/^sf-/, '')}.json`, JSON.stringify(a, null, 2) + '\n')
            }
            expect.soft(normalise(after), h.name).toEqual(a)
          } finally {
            await t.close()
          }
        }
      } finally {
        await connector.close()
        await fleet.down()
      }
    })
  }
})
