// The probe's trust decision (`trusted_pid` in probe.sh), run for real with sh
// against real processes on this machine: a root process of our PID namespace
// running the expected binary is trusted; the same binary as another user, in
// another PID namespace, or another binary is not.
import {spawn, spawnSync, type ChildProcess} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {loadProbeScript} from '../../../src/probe/script.js'

/** The block between `# >>> trust` and `# <<< trust` in probe.sh. */
function trustBlock(): string {
  const script = loadProbeScript()
  const start = script.indexOf('# >>> trust')
  const end = script.indexOf('# <<< trust')
  if (start < 0 || end < start) throw new Error('probe.sh has no `# >>> trust` ... `# <<< trust` block')
  return script.slice(start, end)
}

const canRun = (cmd: string): boolean => spawnSync('sh', ['-c', cmd], {stdio: 'ignore'}).status === 0
const SLEEP = spawnSync('sh', ['-c', 'readlink -f "$(command -v sleep)"'], {encoding: 'utf8'}).stdout.trim()

function skipReason(): string | null {
  if (process.platform !== 'linux') return 'needs Linux /proc'
  if (process.getuid?.() !== 0) return 'needs root (start processes as nobody and in a new PID namespace, read their /proc)'
  if (!canRun('command -v setpriv && command -v unshare')) return 'setpriv or unshare not installed'
  if (!canRun('unshare -p -f true')) return 'cannot create a PID namespace here'
  return null
}
const reason = skipReason()

/** Runs trusted_pid PID EXE in a fresh sh: true when the probe would trust it. */
function trusted(pid: number | string, exe: string): boolean {
  const r = spawnSync('sh', ['-c', `${trustBlock()}\ntrusted_pid "$1" "$2"`, 'probe-trust', String(pid), exe], {encoding: 'utf8'})
  return r.status === 0
}

/** The pid of the process that runs SLEEP under `child` (itself, or its descendant in a new namespace). */
function sleeperPid(child: ChildProcess): number {
  for (let i = 0; i < 100; i++) {
    const out = spawnSync('sh', ['-c', `ps -e -o pid=,ppid=,comm= | awk -v p=${child.pid} '$2 == p && $3 == "sleep" {print $1}'`], {encoding: 'utf8'}).stdout.trim()
    if (out) return Number(out.split('\n')[0])
    spawnSync('sleep', ['0.05'])
  }
  throw new Error(`no sleep child under ${child.pid}`)
}

describe.skipIf(reason !== null)(`probe.sh trusted_pid on real processes${reason ? ` (skipped: ${reason})` : ''}`, () => {
  const children: ChildProcess[] = []
  let rootSleep = 0
  let nobodySleep = 0
  let nsSleep = 0

  beforeAll(() => {
    const root = spawn(SLEEP, ['300'], {stdio: 'ignore'})
    const nobody = spawn('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', SLEEP, '300'], {stdio: 'ignore'})
    const ns = spawn('unshare', ['-p', '-f', SLEEP, '300'], {stdio: 'ignore'})
    children.push(root, nobody, ns)
    rootSleep = root.pid!
    nobodySleep = nobody.pid! // setpriv execs the command: same pid
    nsSleep = sleeperPid(ns) // unshare -f forks: the sleep is its child, in the new namespace
  })
  afterAll(() => {
    for (const c of children) c.kill('SIGKILL')
    // unshare -f's child dies with its namespace's init only when that is killed: it is the sleep itself.
    if (nsSleep) spawnSync('kill', ['-KILL', String(nsSleep)])
  })

  it('trusts a root process of this PID namespace running the expected binary', () => {
    expect(readFileSync(`/proc/${rootSleep}/status`, 'utf8')).toMatch(/^Uid:\s+0\s+0/m)
    expect(trusted(rootSleep, SLEEP)).toBe(true)
  })

  it('rejects the same binary run by another user', () => {
    expect(readFileSync(`/proc/${nobodySleep}/status`, 'utf8')).toMatch(/^Uid:\s+65534\s+65534/m)
    expect(trusted(nobodySleep, SLEEP)).toBe(false)
  })

  it('rejects a root process in another PID namespace (a container on this host)', () => {
    expect(readFileSync(`/proc/${nsSleep}/status`, 'utf8')).toMatch(/^Uid:\s+0\s+0/m)
    expect(trusted(nsSleep, SLEEP)).toBe(false)
  })

  it('rejects a root process running another binary, and a pid that is not digits', () => {
    expect(trusted(rootSleep, '/usr/sbin/php-fpm8.2')).toBe(false)
    expect(trusted(rootSleep, '')).toBe(false)
    expect(trusted(`${rootSleep} `, SLEEP)).toBe(false)
    expect(trusted('self', SLEEP)).toBe(false)
  })
})
