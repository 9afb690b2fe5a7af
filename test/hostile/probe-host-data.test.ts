/**
 * Host data is data: `fleet check` (the built CLI, over real SSH) against lab
 * hosts where a local user has left traps for the root probe:
 * - a process of user nobody titled as the FPM master, its "config path" a sed
 *   `e` payload (the old probe spliced it into a sed program and ran it as root);
 * - the same, its path a root-only file (the old probe read it as root);
 * - a FIFO where the FPM error log should be (the old probe hung on it);
 * - a user watching `ps` for the probe's nonce (it let them forge frames);
 * - an FPM master in another PID namespace (a container on the host).
 */
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {splitFrames} from '../../src/probe/frames.js'
import {parseProbeOutput} from '../../src/probe/parse.js'
import {PROBE_COMMAND, PROBE_DEFAULTS, probeScript} from '../../src/probe/script.js'
import {labAvailable, labUp, type Lab} from '../lab/lab.js'
import {runFleet} from '../e2e/support/fleet-cli.js'

const lab = labAvailable()

interface JsonHost {
  host: string
  status: string
  error: {kind: string; message: string} | null
  findings: Array<{check: string; severity: string; message: string; evidence: string[]}>
}

// Kept in step with test/lab/faults.sh.
const MARKER = '/root/fleet-pwned'
const SECRET = 'fleetsecret7f3a9c'
const FPM_LOG = '/var/log/php8.2-fpm.log'
const SAMPLES = '/tmp/ps-samples'

describe.skipIf(!lab.ok)(`probe on hosts with a hostile local user${lab.ok ? '' : ` (skipped: ${lab.reason})`}`, () => {
  let fleet: Lab
  let stdout = ''
  let report: {hosts: JsonHost[]}
  const host = (name: string): JsonHost => report.hosts.find((h) => h.host === name)!
  const sh = async (name: string, cmd: string): Promise<string> => {
    const r = await fleet.exec(name, cmd)
    if (r.code !== 0) throw new Error(`${name}: ${cmd}: exit ${r.code}: ${r.stderr}`)
    return r.stdout
  }

  beforeAll(async () => {
    fleet = await labUp([
      {name: 'hd-exec', faults: ['fake-fpm-master']},
      {name: 'hd-read', faults: ['fake-fpm-master-read']},
      {name: 'hd-fifo', faults: ['log-fifo']},
    ])
    // Another user on hd-fifo samples every process's command line while fleet runs.
    await sh(
      'hd-fifo',
      `setpriv --reuid=65534 --regid=65534 --clear-groups -- setsid -f sh -c 'echo $$ >/tmp/sampler.pid; while :; do ps -e -o args=; sleep 0.02; done >${SAMPLES}' </dev/null >/dev/null 2>&1`,
    )
    // The default --command-timeout (60 s): a hung probe is reported as a timeout.
    const result = await runFleet(['check', '-i', fleet.inventory, '--all', '--known-hosts', fleet.knownHosts, '--identity', fleet.identity, '--json'])
    stdout = result.stdout
    await sh('hd-fifo', 'kill "$(cat /tmp/sampler.pid)"')
    report = JSON.parse(stdout)
  })

  afterAll(async () => {
    await fleet?.down()
  })

  it('runs nothing a process title says: no marker file, FPM reported down', async () => {
    expect((await fleet.exec('hd-exec', ['test', '-e', MARKER])).code).not.toBe(0)
    const h = host('hd-exec')
    expect(h.error).toBeNull()
    expect(h.findings.map((f) => f.check)).toContain('fpm/service-down')
  })

  it('reads nothing a process title names: the root-only secret is not in the output, FPM reported down', () => {
    expect(stdout).not.toContain(SECRET)
    const h = host('hd-read')
    expect(h.error).toBeNull()
    expect(h.findings.map((f) => f.check)).toContain('fpm/service-down')
  })

  it('does not hang on a FIFO at a log path: the host is reported and the log skipped, and said', () => {
    const h = host('hd-fifo')
    expect(h.error).toBeNull()
    const partial = h.findings.filter((f) => f.check === 'host/partial').map((f) => f.message)
    expect(partial.some((m) => m.includes(FPM_LOG) && /fifo/.test(m))).toBe(true)
  })

  it('puts nothing of the run on the remote command line (another user sees ps)', async () => {
    const samples = (await sh('hd-fifo', `cat ${SAMPLES}`)).split('\n').map((l) => l.trim())
    const probeLines = samples.filter((l) => /^sh -s\b/.test(l))
    // The sampler did see the probe running...
    expect(probeLines.length).toBeGreaterThan(0)
    // ...and all it saw was `sh -s`: no nonce, no parameters.
    expect([...new Set(probeLines)]).toEqual(['sh -s'])
  })

  it('as a non-root user trusts no title: the default config is used, and that is said (host/partial)', async () => {
    const nonce = 'hostile1nr'
    writeFileSync(join(fleet.dir, 'hosts', 'hd-exec', 'root', 'var', 'tmp', 'probe-in.sh'), probeScript({nonce, ...PROBE_DEFAULTS}), {mode: 0o644})
    const out = await sh('hd-exec', `setpriv --reuid=65534 --regid=65534 --clear-groups -- ${PROBE_COMMAND} </var/tmp/probe-in.sh`)
    const fpm = splitFrames(out, nonce).find((f) => f.name === 'fpm' && f.attrs.name === 'php-fpm8.2')
    expect(fpm?.attrs).toMatchObject({main: '/etc/php/8.2/fpm/php-fpm.conf', master: 'unverified'})
    expect(parseProbeOutput(out, nonce).partial.map((p) => p.fact)).toContain('fpm-master:php-fpm8.2')
    expect((await fleet.exec('hd-exec', ['test', '-e', MARKER])).code).not.toBe(0)
  })

  it('ignores FPM and nginx masters in another PID namespace (a container on this host), and their processes', async () => {
    // hd-fifo's FPM log back to a file, the host's own FPM stopped, and a root FPM and nginx in a new PID namespace.
    await sh('hd-fifo', `rm -f ${FPM_LOG} && : >${FPM_LOG} && systemctl stop php8.2-fpm`)
    await sh(
      'hd-fifo',
      [
        'mkdir -p /root/ct',
        `printf '[global]\\npid = /run/php/ct.pid\\nerror_log = /root/ct/error.log\\n[ct]\\nuser = www-data\\ngroup = www-data\\nlisten = /run/php/ct.sock\\npm = static\\npm.max_children = 1\\n' >/root/ct/php-fpm.conf`,
        'setsid -f unshare -p -f --mount-proc php-fpm8.2 -F -y /root/ct/php-fpm.conf </dev/null >/dev/null 2>&1',
        `printf 'pid /root/ct/nginx.pid;\nerror_log /root/ct/nginx-error.log;\nevents {}\nhttp { access_log off; server { listen 127.0.0.1:8099; } }\n' >/root/ct/nginx.conf`,
        "setsid -f unshare -p -f --mount-proc nginx -c /root/ct/nginx.conf -g 'daemon off;' </dev/null >/dev/null 2>&1",
      ].join(' && '),
    )
    const fpmTitle = 'php-fpm: master process (/root/ct/php-fpm.conf)'
    const nginxTitle = "nginx: master process nginx -c /root/ct/nginx.conf -g daemon off;"
    let rows: string[][] = []
    const titled = (title: string) => rows.find((r) => r.slice(2).join(' ') === title)?.[0]
    for (let i = 0; i < 50 && !(titled(fpmTitle) && titled(nginxTitle)); i++) {
      rows = (await sh('hd-fifo', 'sleep 0.2; ps -e -o pid=,ppid=,args=')).split('\n').map((l) => l.trim().split(/\s+/))
    }
    const masters = [titled(fpmTitle), titled(nginxTitle)]
    expect(masters.every((m) => m !== undefined)).toBe(true)
    const containerPids = new Set(rows.filter((r) => masters.includes(r[0]) || masters.includes(r[1])).map((r) => r[0]))
    expect(containerPids.size).toBeGreaterThan(3)

    // The probe itself, as fleet sends it (the script on stdin of `sh -s`).
    const nonce = 'hostile1ct'
    writeFileSync(join(fleet.dir, 'hosts', 'hd-fifo', 'root', 'root', 'probe-in.sh'), probeScript({nonce, ...PROBE_DEFAULTS}))
    const out = await sh('hd-fifo', `${PROBE_COMMAND} </root/probe-in.sh`)
    const frames = splitFrames(out, nonce)
    const fpm = frames.find((f) => f.name === 'fpm' && f.attrs.name === 'php-fpm8.2')
    expect(fpm?.attrs.main).toBe('/etc/php/8.2/fpm/php-fpm.conf')
    expect(fpm?.attrs.master).toBe('ignored')
    const psPids = (frames.find((f) => f.name === 'ps')?.body ?? '').split('\n').map((l) => l.trim().split(/\s+/)[0])
    expect(psPids.filter((p) => containerPids.has(p))).toEqual([])
  })
})
