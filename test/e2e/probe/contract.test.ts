/**
 * The main section's part of the issue 9 probe contract, on a real lab host
 * over SSH as root (as `fleet check` runs the probe):
 * - `tz=` in the system frame (the host's zone, for per-timestamp offsets);
 * - each FPM pool's slowlog, access.log and PHP error_log read as log frames
 *   (kinds `fpm-slowlog:POOL`, `fpm-access:POOL`, `php-error:POOL`);
 * - FPM's `-tt` run with `log_level = notice` (with `log_level = warning` it
 *   printed nothing, so no pools were modelled), the configured level on the frame;
 * - `$T/logpaths` and `$T/services` written, and `evidence` called before `done`
 *   when the evidence section defined it.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {type Frame, splitFrames} from '../../../src/probe/frames.js'
import {loadProbeScript, PROBE_COMMAND, PROBE_DEFAULTS, probeScript} from '../../../src/probe/script.js'
import {createSshConnector} from '../../../src/transport/ssh.js'
import type {Transport} from '../../../src/transport/types.js'
import {type Lab, labAvailable, labUp} from '../../lab/lab.js'

const lab = labAvailable()
const HOST = 'pc-contract'

/** An evidence section of our own: it shows what the main section left for the real one. */
const EVIDENCE_STUB = String.raw`evidence() {
  begin ev-stub ""
  while IFS= read -r l; do printf '%s\n' "$l"; done <"$T/logpaths"
  printf '%s\n' '--'
  while IFS= read -r l; do printf '%s\n' "$l"; done <"$T/services"
  end ev-stub 0
}
`

describe.skipIf(!lab.ok)(`probe contract, main section${lab.ok ? '' : ` (skipped: ${lab.reason})`}`, () => {
  let fleet: Lab
  let connector: ReturnType<typeof createSshConnector>
  let t: Transport
  const sh = async (cmd: string): Promise<string> => {
    const r = await fleet.exec(HOST, cmd)
    if (r.code !== 0) throw new Error(`${cmd}: exit ${r.code}: ${r.stderr}`)
    return r.stdout
  }
  const probe = async (nonce: string, prefix = ''): Promise<Frame[]> => {
    // With a prefix (our own evidence section) the real one is left out, so ours is the one called.
    const script = prefix
      ? `FLEET_NONCE=${nonce}\nFLEET_WINDOW=${PROBE_DEFAULTS.windowSeconds}\nFLEET_MAXLOG=${PROBE_DEFAULTS.maxLogBytes}\n${prefix}${loadProbeScript()}`
      : probeScript({nonce, ...PROBE_DEFAULTS})
    const r = await t.exec(PROBE_COMMAND, {stdin: script, timeoutMs: 120_000})
    expect(r.code, r.stderr).toBe(0)
    return splitFrames(r.stdout, nonce)
  }

  beforeAll(async () => {
    fleet = await labUp([{name: HOST}])
    connector = createSshConnector({knownHostsFiles: [fleet.knownHosts], acceptNew: false, agent: '', identityFiles: [fleet.identity]})
    const h = fleet.hosts[0]
    t = await connector.connect(
      {name: h.name, address: h.address, port: 22, user: 'root', identityFiles: [], sudo: false, connection: 'ssh', groups: [], vars: {}},
      {timeoutMs: 20_000},
    )
  })
  afterAll(async () => {
    await t?.close()
    await connector?.close()
    await fleet?.down()
  })

  it('calls the evidence section before done, with $T/logpaths (KIND PATH SIZE) and $T/services', async () => {
    const frames = await probe('pcev1', EVIDENCE_STUB)
    const names = frames.map((f) => f.name)
    expect(names).toContain('ev-stub')
    expect(names.indexOf('ev-stub')).toBe(names.indexOf('done') - 1)
    const [logpaths, services] = frames.find((f) => f.name === 'ev-stub')!.body.split('\n--\n')
    expect(logpaths).toMatch(/^fpm:php-fpm8\.2 \/var\/log\/php8\.2-fpm\.log \d+$/m)
    for (const f of frames.filter((x) => x.name === 'log' && x.attrs.size !== undefined)) {
      expect(logpaths.split('\n')).toContain(`${f.attrs.kind} ${f.attrs.path} ${f.attrs.size}`)
    }
    expect(services).toMatch(/^Id=nginx\.service$/m)
    expect(services).toMatch(/^Id=php8\.2-fpm\.service$/m)
    expect(services).toMatch(/^ActiveState=active$/m)
  })

  it('says the host zone in the system frame (tz=)', async () => {
    // As timedatectl set-timezone does it.
    await sh('ln -sf /usr/share/zoneinfo/Europe/Berlin /etc/localtime && echo Europe/Berlin >/etc/timezone')
    const system = (await probe('pctz1')).find((f) => f.name === 'system')!
    expect(system.body).toMatch(/^tz=Europe\/Berlin$/m)
    expect(system.body).toMatch(/^utc_offset=\+0[12]00$/m)
  })

  it('reads a log named by a directive that does not start its line (a one-line block)', async () => {
    await sh(
      [
        "printf '%s\\n' 'server { listen 8089; location / { access_log /var/log/nginx/one-line.log; return 204; } }' >/etc/nginx/conf.d/one-line.conf",
        'nginx -t 2>/dev/null',
        'systemctl reload nginx',
        'for i in 1 2 3 4 5 6 7 8 9 10; do curl -s -o /dev/null http://127.0.0.1:8089/one && break; sleep 0.5; done',
        'test -s /var/log/nginx/one-line.log',
      ].join(' && '),
    )
    const log = (await probe('pcone1')).find((f) => f.name === 'log' && f.attrs.path === '/var/log/nginx/one-line.log')
    expect(log?.attrs.kind).toBe('nginx-access')
    expect(log?.body).toMatch(/"GET \/one HTTP\/1\.1" 204/)
  })

  it('reads each pool log, and models the pools when log_level = warning (the level said on the fpm-tt frame)', async () => {
    await sh(
      [
        "sed -i 's/^;log_level = notice/log_level = warning/' /etc/php/8.2/fpm/php-fpm.conf",
        "printf '%s\\n' 'access.log = /var/log/php-$pool-access.log' 'php_admin_value[error_log] = /var/log/php-$pool-error.log' >>/etc/php/8.2/fpm/pool.d/www.conf",
        'systemctl restart php8.2-fpm',
        'curl -s -o /dev/null http://127.0.0.1/index.php',
      ].join(' && '),
    )
    const frames = await probe('pcfpm1')
    const tt = frames.find((f) => f.name === 'fpm-tt')!
    expect(tt.attrs.log_level).toBe('warning')
    expect(tt.stderr).toMatch(/NOTICE:\s*\[www\]/)
    expect(tt.stderr).toMatch(/NOTICE:\s*listen = \/run\/php\/php8\.2-fpm\.sock/)
    const log = (kind: string) => frames.find((f) => f.name === 'log' && f.attrs.kind === kind)
    expect(log('fpm-access:www')?.attrs.path).toBe('/var/log/php-www-access.log')
    expect(log('fpm-access:www')?.body).toMatch(/GET \/index\.php/)
    expect(log('fpm-slowlog:www')?.attrs.path).toBe('/var/log/php8.2-fpm.slow.log')
    expect(log('php-error:www')?.attrs.path).toBe('/var/log/php-www-error.log')
  })

  it('reads a log in a directory its writer owns with the writer\'s rights, and follows no symlink there as root', async () => {
    // The pool user owns the log directory: it can swap a log for a hard link or a symlink
    // to a root-only file between the probe's check and its read.
    await sh(
      [
        'install -d -o www-data -g www-data /var/log/pool',
        "printf 'SECRET-HARD\\n' >/var/log/pool/hard.log && chmod 600 /var/log/pool/hard.log",
        "printf 'SECRET-LINK\\n' >/root/secret-link && chmod 600 /root/secret-link",
        'ln -sfn /root/secret-link /var/log/pool/slow.log',
        "printf '%s\\n' 'php_admin_value[error_log] = /var/log/pool/hard.log' 'slowlog = /var/log/pool/slow.log' >>/etc/php/8.2/fpm/pool.d/www.conf",
      ].join(' && '),
    )
    const frames = await probe('pcown1')
    const text = frames.map((f) => `${f.body}\n${f.stderr}`).join('\n')
    expect(text).not.toMatch(/SECRET-HARD|SECRET-LINK/)
    const log = (kind: string) => frames.find((f) => f.name === 'log' && f.attrs.kind === kind)
    expect(log('php-error:www')?.attrs.path).toBe('/var/log/pool/hard.log')
    expect(log('php-error:www')?.rc).not.toBe(0)
    expect(log('php-error:www')?.stderr).toMatch(/Permission denied/)
    expect(log('fpm-slowlog:www')?.attrs.path).toBe('/var/log/pool/slow.log')
    expect(log('fpm-slowlog:www')?.stderr).toMatch(/symbolic link, not followed/)
    // A log root keeps in root's directory is still read (as root).
    expect(log('fpm:php-fpm8.2')?.rc).toBe(0)
  })

  it("leaves the FPM files for the evidence section: a pool's own session.save_path is the session filesystem df reads", async () => {
    await sh(
      [
        'install -d -o www-data /var/lib/php/pool-sessions',
        "printf '%s\\n' 'php_admin_value[session.save_path] = /var/lib/php/pool-sessions' >>/etc/php/8.2/fpm/pool.d/www.conf",
      ].join(' && '),
    )
    const paths = (await probe('pcsess1')).find((f) => f.name === 'disk-paths')
    expect(paths?.body.split('\n')).toContain('php-sessions /var/lib/php/pool-sessions')
  })

  it('still reads the pool logs from the files when -tt fails (a typo in a pool file, FPM not restarted)', async () => {
    await fleet.fault(HOST, 'fpm-config-invalid')
    const frames = await probe('pcfpm2')
    const tt = frames.find((f) => f.name === 'fpm-tt')!
    expect(tt.rc).not.toBe(0)
    expect(tt.stderr).not.toMatch(/NOTICE:\s*\[www\]/)
    const log = frames.find((f) => f.name === 'log' && f.attrs.kind === 'fpm-access:www')
    expect(log?.attrs.path).toBe('/var/log/php-www-access.log')
    expect(log?.body).toMatch(/GET \/index\.php/)
  })
})
