import {describe, expect, it} from 'vitest'
import {parseProbeOutput} from '../../../src/probe/parse.js'
import {FIXTURE_NONCE, fixture} from './fixtures.js'

const parse = (name: string) => parseProbeOutput(fixture(`${name}.txt`), FIXTURE_NONCE)
const facts = (p: {fact: string}[]) => p.map((x) => x.fact)

describe('parseProbeOutput on a healthy systemd host', () => {
  const f = parse('healthy')

  it('reads the system section', () => {
    expect(f.system.hostname).toBe('probedevrec')
    expect(f.system.init).toBe('systemd')
    expect(f.system.utcOffset).toMatch(/^[+-]\d{4}$/)
    expect(f.system.now).toBeGreaterThan(1_600_000_000)
    expect(f.windowSeconds).toBe(3600)
  })

  it('has nginx and FPM active under systemd', () => {
    expect(f.nginx).toMatchObject({installed: true, binary: '/usr/sbin/nginx', version: '1.22.1', defaultUser: 'nobody'})
    expect(f.nginx.service).toMatchObject({unit: 'nginx', manager: 'systemd', active: 'active', subState: 'running', restarts: 0})
    expect(f.nginx.service.mainPid).toBeGreaterThan(0)
    expect(f.nginx.test?.exitCode).toBe(0)
    expect(f.fpm).toHaveLength(1)
    expect(f.fpm[0]).toMatchObject({version: '8.2', binary: 'php-fpm8.2'})
    expect(f.fpm[0].service).toMatchObject({unit: 'php8.2-fpm', manager: 'systemd', active: 'active', installed: true})
    expect(f.fpm[0].test?.exitCode).toBe(0)
    expect(f.fpm[0].test?.stderr).toContain('test is successful')
    expect(f.fpm[0].test?.stderr).not.toContain('pm.max_children')
  })

  it('parses the nginx dump and the FPM dump with the real error_log and pool FILE:LINE', () => {
    expect(f.nginx.config?.main).toBe('/etc/nginx/nginx.conf')
    expect(f.nginx.config?.files.map((x) => x.file)).toContain('/etc/nginx/sites-enabled/app.conf')
    const cfg = f.fpm[0].config!
    expect(cfg.source).toBe('dump')
    // -tt ran against a copy with error_log = /dev/null; the real one comes from the files.
    expect(cfg.global.error_log).toBe('/var/log/php8.2-fpm.log')
    expect(cfg.globalWhere.error_log).toMatch(/^\/etc\/php\/8\.2\/fpm\/php-fpm\.conf:\d+$/)
    const www = cfg.pools.find((p) => p.name === 'www')!
    expect(www).toMatchObject({listen: '/run/php/php8.2-fpm.sock', listenKind: 'unix', file: '/etc/php/8.2/fpm/pool.d/www.conf'})
    expect(www.where['pm.max_children']).toMatch(/^\/etc\/php\/8\.2\/fpm\/pool\.d\/www\.conf:\d+$/)
    expect(www.settings['pm.max_children']).toBe('5')
  })

  it('stats the socket (following symlinks) and its parents, with ACL entries', () => {
    const sock = f.paths.find((p) => p.path === '/run/php/php8.2-fpm.sock')
    expect(sock).toMatchObject({exists: true, type: 'socket', owner: 'www-data', group: 'www-data', mode: '660'})
    expect(sock?.acl).toContain('user::rw-')
    expect(f.paths.find((p) => p.path === '/run/php/php-fpm.sock')?.type).toBe('socket')
    expect(f.paths.find((p) => p.path === '/run/php')?.type).toBe('directory')
  })

  it('lists unix and tcp listeners with their processes', () => {
    expect(f.listeners).toContainEqual({kind: 'unix', address: '/run/php/php8.2-fpm.sock', process: 'php-fpm8.2'})
    expect(f.listeners).toContainEqual({kind: 'tcp', address: '0.0.0.0:8080', process: 'nginx'})
    expect(f.listeners).toContainEqual({kind: 'tcp', address: '[::]:80', process: 'nginx'})
  })

  it('reads memory, children RSS without the master, and user ids', () => {
    expect(f.memory.memTotalKb).toBeGreaterThan(f.memory.memAvailableKb ?? Infinity)
    const rss = f.memory.fpmChildRssKb['php-fpm8.2']
    expect(rss?.length).toBe(2) // pm.start_servers = 2; the master is not counted
    expect(rss?.every((kb) => kb > 1000)).toBe(true)
    expect(f.users['www-data']).toEqual({uid: 33, gid: 33, groups: ['www-data']})
    expect(f.users.nobody?.uid).toBe(65534)
  })

  it('tails the logs and records the unreadable kernel log as partial', () => {
    expect(f.logs.nginxAccess.map((l) => l.path)).toEqual(['/var/log/nginx/access.log'])
    expect(f.logs.nginxAccess[0].lines.some((l) => l.includes('GET /index.php'))).toBe(true)
    expect(f.logs.nginxAccess[0].truncated).toBe(false)
    expect(f.logs.fpm[0].path).toBe('/var/log/php8.2-fpm.log')
    expect(f.logs.fpm[0].lines.some((l) => /NOTICE: ready to handle connections/.test(l))).toBe(true)
    // The probe's own -tt must not have written its dump into the live log.
    expect(f.logs.fpm[0].lines.some((l) => /NOTICE: \tpm\.max_children/.test(l))).toBe(false)
    expect(f.logs.kernel).toBeNull()
    expect(f.partial.find((p) => p.fact === 'kernel-log')?.reason).toMatch(/dmesg: read kernel buffer failed: Operation not permitted/)
    expect(facts(f.partial)).toEqual(['kernel-log'])
  })
})

describe('parseProbeOutput on broken hosts', () => {
  it('FPM stopped: inactive unit, socket missing, crit lines, kernel via dmesg', () => {
    const f = parse('fpm-stopped')
    expect(f.fpm[0].service).toMatchObject({active: 'inactive', subState: 'dead', installed: true})
    expect(f.fpm[0].service.mainPid).toBeUndefined()
    expect(f.nginx.service.active).toBe('active')
    expect(f.paths.find((p) => p.path === '/run/php/php8.2-fpm.sock')).toEqual({path: '/run/php/php8.2-fpm.sock', exists: false})
    expect(f.listeners.some((l) => l.address.includes('php8.2-fpm.sock'))).toBe(false)
    expect(f.logs.nginxError[0].lines.filter((l) => /\[crit\].*\(2: No such file or directory\)/.test(l))).toHaveLength(2)
    expect(f.logs.kernel?.path).toBe('dmesg -T')
    expect(f.logs.kernel?.lines.length).toBeGreaterThan(0)
    expect(f.memory.fpmChildRssKb).toEqual({})
  })

  it('nginx stopped: inactive unit, empty pid file, FPM still up', () => {
    const f = parse('nginx-stopped')
    expect(f.nginx.service).toMatchObject({manager: 'systemd', active: 'inactive', installed: true})
    expect(f.nginx.config).not.toBeNull()
    expect(f.fpm[0].service.active).toBe('active')
    expect(f.listeners.some((l) => l.process === 'nginx')).toBe(false)
  })

  it('syntax error: failed test with FILE:LINE, config still read from the files', () => {
    const f = parse('nginx-syntax-error')
    expect(f.nginx.test?.exitCode).toBe(1)
    expect(f.nginx.test?.stderr).toMatch(/\[emerg\] .* in \/etc\/nginx\/sites-enabled\/broken\.conf:5/)
    expect(f.nginx.service.active).toBe('active')
    expect(f.nginx.config?.files.map((x) => x.file)).toContain('/etc/nginx/sites-enabled/broken.conf')
    expect(f.partial.find((p) => p.fact === 'nginx-config')?.reason).toMatch(/nginx -T failed/)
  })

  it('socket nobody listens on: missing path and the crit lines naming it', () => {
    const f = parse('socket-missing')
    expect(f.paths.find((p) => p.path === '/run/php/ghost.sock')?.exists).toBe(false)
    expect(f.paths.find((p) => p.path === '/run/php/php8.2-fpm.sock')?.exists).toBe(true)
    expect(f.logs.nginxError[0].lines.some((l) => l.includes('connect() to unix:/run/php/ghost.sock failed (2: No such file or directory)'))).toBe(true)
  })

  it('no systemd as PID 1: states from the init scripts and pid files', () => {
    const f = parse('no-systemd')
    expect(f.system.init).toBe('other')
    expect(f.nginx.service).toMatchObject({manager: 'sysv', active: 'active', installed: true})
    expect(f.nginx.service.mainPid).toBeGreaterThan(0)
    expect(f.fpm[0].service).toMatchObject({unit: 'php8.2-fpm', manager: 'sysv', active: 'active'})
    expect(f.fpm[0].service.raw.join('\n')).toMatch(/pidfile php8\.2-fpm \/run\/php\/php8\.2-fpm\.pid \d+ alive/)
    expect(f.fpm[0].config?.pools[0]?.listen).toBe('/run/php/php8.2-fpm.sock')
  })

  it('non-root: partial facts, never false alarms', () => {
    const f = parse('nonroot')
    // nginx -t fails on the pid file as non-root: not a config failure.
    expect(f.nginx.test).toBeNull()
    expect(f.nginx.config?.main).toBe('/etc/nginx/nginx.conf')
    expect(f.logs.nginxError).toEqual([])
    expect(f.logs.kernel).toBeNull()
    const partial = facts(f.partial)
    expect(partial).toEqual(expect.arrayContaining(['nginx-test', 'nginx-config', 'kernel-log', 'log:/var/log/nginx/error.log', 'log:/var/log/php8.2-fpm.log']))
    expect(f.partial.find((p) => p.fact === 'log:/var/log/nginx/error.log')?.reason).toMatch(/Permission denied/)
    // FPM's own test still works as non-root: the probe points error_log at /dev/null.
    expect(f.fpm[0].test?.exitCode).toBe(0)
    expect(f.fpm[0].config?.source).toBe('dump')
  })
})

describe('parseProbeOutput on damaged output', () => {
  it('cut off mid-run: what arrived is parsed, the rest is partial', () => {
    const full = fixture('healthy.txt')
    // The channel closed a few bytes into the stat section.
    const cut = full.slice(0, full.indexOf(`==FLEET ${FIXTURE_NONCE} BEGIN stat==`) + 40)
    const f = parseProbeOutput(cut, FIXTURE_NONCE)
    expect(f.nginx.service.active).toBe('active')
    expect(f.fpm[0].config).not.toBeNull()
    expect(f.partial[0]).toMatchObject({fact: 'probe'})
    expect(f.logs.nginxError).toEqual([])
  })

  it('wrong nonce: nothing is trusted, everything partial, no exception', () => {
    const f = parseProbeOutput(fixture('healthy.txt'), 'othernonce')
    expect(f.nginx.installed).toBe(false)
    expect(facts(f.partial)).toEqual(expect.arrayContaining(['probe', 'system', 'kernel-log']))
  })

  it('a log line forging a frame with another nonce stays a log line', () => {
    const forged = `==FLEET evil1 END log rc=0==\n==FLEET evil1 BEGIN services manager=systemd==\nId=nginx.service\nActiveState=failed`
    const text = fixture('healthy.txt').replace(
      /(==FLEET fx0nce7q2 BEGIN log kind=nginx-error[^\n]*==\n)/,
      `$1${forged}\n`,
    )
    const f = parseProbeOutput(text, FIXTURE_NONCE)
    expect(f.nginx.service.active).toBe('active')
    expect(f.logs.nginxError[0].lines).toEqual(forged.split('\n'))
  })

  it('a truncated log drops its partial first line', () => {
    const text = fixture('socket-missing.txt').replace(/(BEGIN log kind=nginx-error path=\S+ size=)\d+/, '$1999999999')
    const f = parseProbeOutput(text, FIXTURE_NONCE)
    expect(f.logs.nginxError[0].truncated).toBe(true)
    expect(f.logs.nginxError[0].lines).toHaveLength(1)
  })
})
