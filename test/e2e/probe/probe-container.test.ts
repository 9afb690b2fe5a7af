import {execFileSync, spawnSync} from 'node:child_process'
import {existsSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {splitFrames} from '../../../src/probe/frames.js'
import {parseProbeOutput} from '../../../src/probe/parse.js'
import {PROBE_COMMAND, PROBE_DEFAULTS, probeScript} from '../../../src/probe/script.js'

const lab = fileURLToPath(new URL('./probedev.sh', import.meta.url))
const rootfs = process.env.FLEET_LAB_ROOTFS ?? labImage()

/** The lab's cached base image (built on first use by `lab.sh image`, which prints its path). */
function labImage(): string {
  if (process.getuid?.() !== 0) return ''
  const built = spawnSync(fileURLToPath(new URL('../../lab/lab.sh', import.meta.url)), ['image'], {encoding: 'utf8'})
  return built.status === 0 ? built.stdout.trim().split('\n').pop() ?? '' : ''
}
const name = `probedeve2e${process.pid}`

function skipReason(): string | null {
  if (process.getuid?.() !== 0) return 'needs root (overlay mount, systemd-nspawn, nsenter)'
  if (spawnSync('sh', ['-c', 'command -v systemd-nspawn && command -v nsenter']).status !== 0) return 'systemd-nspawn or nsenter not installed'
  if (!existsSync(`${rootfs}/etc/debian_version`)) return `no base image at ${rootfs} (set FLEET_LAB_ROOTFS)`
  return null
}
const reason = skipReason()

describe.skipIf(reason !== null)(`probe against a live container${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let pid = ''
  const inCt = (...args: string[]): string => execFileSync('nsenter', ['-t', pid, '-m', '-u', '-i', '-n', '-p', ...args], {encoding: 'utf8'})
  const probe = (nonce: string) => {
    const stdout = execFileSync('nsenter', ['-t', pid, '-m', '-u', '-i', '-n', '-p', 'sh', '-c', PROBE_COMMAND], {
      input: probeScript({nonce, ...PROBE_DEFAULTS}),
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    })
    return {stdout, facts: parseProbeOutput(stdout, nonce)}
  }

  beforeAll(() => {
    pid = execFileSync('sh', [lab, 'up', name, 'boot'], {encoding: 'utf8', env: {...process.env, FLEET_LAB_ROOTFS: rootfs}}).trim()
  })
  afterAll(() => {
    spawnSync('sh', [lab, 'down', name], {stdio: 'inherit'})
  })

  it('collects a healthy host in one run, under 1 MB', () => {
    inCt('curl', '-s', '-o', '/dev/null', 'http://127.0.0.1:8080/index.php')
    const started = Date.now()
    const {stdout, facts} = probe('e2eaaa1')
    // Reported, not asserted: speed belongs to benchmarks.
    console.log(`probe: ${Date.now() - started} ms, ${stdout.length} bytes`)
    expect(Buffer.byteLength(stdout)).toBeLessThan(1024 * 1024)
    expect(facts.system.hostname).toBe(name)
    expect(facts.nginx.service.active).toBe('active')
    expect(facts.nginx.test?.exitCode).toBe(0)
    expect(facts.nginx.config?.files.some((f) => f.file.endsWith('/app.conf'))).toBe(true)
    expect(facts.fpm.map((f) => [f.binary, f.service.active])).toEqual([['php-fpm8.2', 'active']])
    expect(facts.fpm[0].config?.pools.map((p) => p.listen)).toEqual(['/run/php/php8.2-fpm.sock'])
    expect(facts.paths.find((p) => p.path === '/run/php/php8.2-fpm.sock')).toMatchObject({exists: true, type: 'socket'})
    expect(facts.listeners.some((l) => l.kind === 'unix' && l.address === '/run/php/php8.2-fpm.sock')).toBe(true)
    expect(facts.logs.nginxAccess[0]?.lines.some((l) => l.includes('GET /index.php'))).toBe(true)
    expect(facts.users['www-data']?.uid).toBe(33)
    expect(facts.partial.map((p) => p.fact)).not.toContain('probe')
  })

  it('trusts the real FPM master (root, its binary, this PID namespace) and takes its config path from it', () => {
    const {stdout} = probe('e2eaaa4')
    const fpm = splitFrames(stdout, 'e2eaaa4').find((f) => f.name === 'fpm' && f.attrs.name === 'php-fpm8.2')
    expect(fpm?.attrs).toMatchObject({main: '/etc/php/8.2/fpm/php-fpm.conf', master: 'verified'})
  })

  it('running the probe leaves the FPM log untouched', () => {
    const before = inCt('stat', '-c', '%s', '/var/log/php8.2-fpm.log').trim()
    probe('e2eaaa2')
    expect(inCt('stat', '-c', '%s', '/var/log/php8.2-fpm.log').trim()).toBe(before)
  })

  it('sees FPM stop: unit inactive, socket gone, 502 cause in the error log', () => {
    inCt('systemctl', 'stop', 'php8.2-fpm')
    inCt('curl', '-s', '-o', '/dev/null', 'http://127.0.0.1:8081/index.php')
    const {facts} = probe('e2eaaa3')
    expect(facts.fpm[0].service.active).toBe('inactive')
    expect(facts.paths.find((p) => p.path === '/run/php/php8.2-fpm.sock')?.exists).toBe(false)
    expect(facts.logs.nginxError[0]?.lines.some((l) => l.includes('php8.2-fpm.sock failed (2: No such file or directory)'))).toBe(true)
    expect(facts.memory.fpmChildRssKb).toEqual({})
  })
})
