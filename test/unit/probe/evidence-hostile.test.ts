// The probe's evidence section (src/probe/evidence.sh) run for real with sh on this machine, on a
// temp dir laid out the way a hostile local user (one who can write a log dir or a site root)
// would: metacharacters and a leading `-` in paths, a syslog tag with spaces, a rotated log that
// is a FIFO or a symlink to a root-only file. Each is skipped and said, or read as data after `--`;
// none is run, read as an option or followed, and nothing hangs.
import {spawnSync} from 'node:child_process'
import {chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {type Frame, splitFrames} from '../../../src/probe/frames.js'
import {PROBE_HELPERS} from './probe-helpers.js'
import {loadEvidenceScript} from '../../../src/probe/script.js'

const NONCE = 'evh0stile1'
const asRoot = process.getuid?.() === 0
const hasSetpriv = spawnSync('sh', ['-c', 'command -v setpriv']).status === 0

let dir = ''
let out = ''
let frames: Frame[] = []
let status: number | null = null
const SECRET = 'root-only-secret-7f3a'

function layout(): void {
  const T = join(dir, 't')
  const logs = join(dir, 'logs')
  mkdirSync(T)
  mkdirSync(logs)
  // A root-only file a symlink points at, and a marker a command injection would create.
  writeFileSync(join(dir, 'secret'), `${SECRET}\n`)
  chmodSync(join(dir, 'secret'), 0o600)
  // 1. Current log fits; its .1 is a FIFO.
  writeFileSync(join(logs, 'fifo.log'), 'x\n')
  spawnSync('mkfifo', [join(logs, 'fifo.log.1')])
  // 2. Its .1 is a symlink to the root-only file.
  writeFileSync(join(logs, 'link.log'), 'x\n')
  symlinkSync(join(dir, 'secret'), join(logs, 'link.log.1'))
  // 3. A leading `-` in the name: read as a file after `--`, never as an option.
  writeFileSync(join(logs, '-n.log'), 'x\n')
  writeFileSync(join(logs, '-n.log.1'), 'dash rotated line\n')
  // 4. A path with shell and awk metacharacters (main never lists one; evidence checks again).
  const meta = join(logs, 'a;$(touch${IFS}INJECTED)`id`{print}|x.log')
  writeFileSync(meta, 'x\n')
  writeFileSync(`${meta}.1`, 'meta rotated line\n')
  // 5. Laravel roots: one with metacharacters, one under a `-` dir whose laravel.log is a
  //    symlink to the root-only file and whose daily log is a FIFO.
  const metaApp = join(dir, 'app $(touch INJECTED)&x`id`')
  mkdirSync(join(metaApp, 'public'), {recursive: true})
  mkdirSync(join(metaApp, 'storage/logs'), {recursive: true})
  writeFileSync(join(metaApp, 'artisan'), '')
  writeFileSync(join(metaApp, 'storage/logs/laravel.log'), 'meta app line\n')
  const dashApp = join(dir, '-rf')
  mkdirSync(join(dashApp, 'public'), {recursive: true})
  mkdirSync(join(dashApp, 'storage/logs'), {recursive: true})
  writeFileSync(join(dashApp, 'artisan'), '')
  symlinkSync(join(dir, 'secret'), join(dashApp, 'storage/logs/laravel.log'))
  const today = spawnSync('date', ['+%Y-%m-%d'], {encoding: 'utf8'}).stdout.trim()
  // 6. An app whose logs its user owns: read with that user's rights, not root's (a file
  //    the owner cannot read, as a swapped-in root-only file would be, is not read).
  const ownApp = join(dir, 'own')
  mkdirSync(join(ownApp, 'public'), {recursive: true})
  mkdirSync(join(ownApp, 'storage/logs'), {recursive: true})
  writeFileSync(join(ownApp, 'artisan'), '')
  writeFileSync(join(ownApp, 'storage/logs/laravel.log'), 'owner readable line\n')
  writeFileSync(join(ownApp, `storage/logs/laravel-${today}.log`), `${SECRET} in a file its owner cannot read\n`)
  chownSync(join(ownApp, 'storage/logs/laravel.log'), 65534, 65534)
  chownSync(join(ownApp, `storage/logs/laravel-${today}.log`), 65534, 65534)
  chmodSync(join(ownApp, `storage/logs/laravel-${today}.log`), 0o000)
  chmodSync(dir, 0o755)
  spawnSync('mkfifo', [join(dashApp, `storage/logs/laravel-${today}.log`)])
  mkdirSync(join(dir, 'sock'))
  // 7. A pool's session directory with metacharacters: no command gets it, and the probe says so.
  mkdirSync(join(dir, 'sess $(touch INJECTED)'))
  writeFileSync(join(T, 'ff'), `[www]\nphp_admin_value[session.save_path] = "1;${dir}/sess $(touch INJECTED)"\n`)
  writeFileSync(
    join(T, 'dump'),
    [
      '# configuration file /etc/nginx/nginx.conf:',
      'http {',
      '    error_log "syslog:server=unix:/dev/log,tag=a b $(touch INJECTED)";',
      '    error_log syslog:server=unix:/dev/log,tag=-x;',
      '    error_log syslog:server=unix:/dev/log,tag=web,severity=error;',
      // A level after the destination, and server= after tag=: both still the journal.
      '    error_log syslog:server=unix:/dev/log,tag=lvl warn;',
      '    error_log syslog:tag=order,server=unix:/dev/log;',
      `    server { root "${metaApp}/public"; }`,
      `    server { root ${dashApp}/public/; }`,
      `    server { root ${ownApp}/public; }`,
      `    server { location / { fastcgi_pass unix:${dir}/sock/php.sock; } }`,
      '}',
      '',
    ].join('\n'),
  )
  writeFileSync(join(T, 'fpm'), '')
  writeFileSync(join(T, 'services'), '')
  writeFileSync(
    join(T, 'logpaths'),
    [`nginx-error ${logs}/fifo.log 2`, `nginx-error ${logs}/link.log 2`, `nginx-access ${logs}/-n.log 2`, `nginx-error ${meta} 2`, ''].join('\n'),
  )
}

describe.skipIf(process.platform !== 'linux')('evidence.sh on hostile host data (run for real with sh)', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'fleet-evh-'))
    layout()
    const script = `${PROBE_HELPERS}\n${loadEvidenceScript()}\nevidence\nprintf 'EVIDENCE-END\\n'\n`
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      N: NONCE,
      NOW: String(Math.floor(Date.now() / 1000)),
      WINDOW: '3600',
      MAXLOG: '4096',
      TO: spawnSync('sh', ['-c', 'command -v timeout'], {encoding: 'utf8'}).status === 0 ? 'timeout -k 2 10' : '',
      T: join(dir, 't'),
      SYSTEMD: 'no',
      NGINX: '',
      LC_ALL: 'C',
    }
    // A FIFO that was opened would block: the spawn's own timeout turns a hang into a failure.
    const r = spawnSync('sh', ['-c', script], {cwd: dir, env, encoding: 'utf8', timeout: 60_000, input: ''})
    status = r.status
    out = r.stdout
    frames = splitFrames(out, NONCE)
  }, 90_000)
  afterAll(() => {
    if (dir) rmSync(dir, {recursive: true, force: true})
  })

  it('runs to the end without hanging, and runs nothing it read', () => {
    expect(status).toBe(0)
    expect(out).toContain('EVIDENCE-END')
    expect(spawnSync('sh', ['-c', 'find "$1" -name INJECTED | grep -q .', 'sh', dir]).status).not.toBe(0)
  })

  it('never reads a symlink (to a root-only file) or a FIFO as a rotated log or an app log', () => {
    expect(out).not.toContain(SECRET)
    const fifo = frames.find((f) => f.name === 'log' && f.attrs.path?.endsWith('/fifo.log.1'))
    expect(fifo?.rc).toBe(1)
    expect(fifo?.stderr).toMatch(/not a regular file \(fifo\), not read/)
    const link = frames.find((f) => f.name === 'log' && f.attrs.path?.endsWith('/link.log.1'))
    expect(link?.rc).toBe(1)
    expect(link?.stderr).toMatch(/not a regular file \(symbolic link\), not read/)
    const apps = frames.filter((f) => f.name === 'app-log' && f.attrs.root?.endsWith('/-rf/public'))
    expect(apps.map((f) => [f.attrs.path?.replace(/.*\/storage\/logs\//, ''), f.rc])).toEqual([
      ['laravel.log', 1],
      [expect.stringMatching(/^laravel-\d{4}-\d\d-\d\d\.log$/), 1],
    ])
    expect(apps[0].stderr).toMatch(/symbolic link/)
    expect(apps[1].stderr).toMatch(/fifo/)
  })

  it('disk-paths: the nginx log directory and the FPM socket directory nginx names; the session directory with metacharacters is said unread', () => {
    const paths = frames.find((f) => f.name === 'disk-paths')
    expect(paths?.body.split('\n').filter(Boolean)).toEqual([`nginx-log ${dir}/logs`, `fpm-socket ${dir}/sock`, 'unread php-sessions unsafe'])
    const df = frames.find((f) => f.name === 'df')
    expect(df?.body.split('\n').filter(Boolean).length).toBe(3)
  })

  it.skipIf(!asRoot || !hasSetpriv)('reads an app log with its owner\'s rights, not root\'s', () => {
    const own = frames.filter((f) => f.name === 'app-log' && f.attrs.root === join(dir, 'own/public'))
    expect(own.map((f) => [f.attrs.path?.replace(/.*\/storage\/logs\//, '').replace(/\d{4}-\d\d-\d\d/, 'DATE'), f.rc])).toEqual([
      ['laravel.log', 0],
      ['laravel-DATE.log', 1],
    ])
    expect(own[0].body).toBe('owner readable line\n')
    expect(own[1].stderr).toMatch(/Permission denied/)
  })

  it('reads a path with a leading `-` as a file, after `--`', () => {
    const dash = frames.find((f) => f.name === 'log' && f.attrs.path?.endsWith('/-n.log.1'))
    expect(dash?.attrs).toMatchObject({kind: 'nginx-access', gen: '1', size: '18'})
    expect(dash?.body).toBe('dash rotated line\n')
    expect(dash?.rc).toBe(0)
  })

  it('skips and says a log path or site root with metacharacters, never putting it in a header', () => {
    const meta = frames.find((f) => f.name === 'log' && f.stderr.includes('rotated generations not read'))
    expect(meta?.attrs).toEqual({kind: 'nginx-error'})
    expect(out).not.toContain('meta rotated line')
    const app = frames.find((f) => f.name === 'app-log' && f.stderr.includes('site root is not a plain absolute path'))
    expect(app?.attrs).toEqual({})
    expect(out).not.toContain('meta app line')
    for (const f of frames) for (const v of Object.values(f.attrs)) expect(v).toMatch(/^[A-Za-z0-9._/+@:,=-]*$/)
  })

  it('skips and says a syslog tag that is not a plain name (spaces, a leading `-`)', () => {
    const tags = frames.filter((f) => f.name === 'journal-log' && !f.attrs.tag)
    expect(tags.map((f) => [f.attrs, f.rc])).toEqual([
      [{kind: 'nginx-error'}, 1],
      [{kind: 'nginx-error'}, 1],
    ])
    for (const f of tags) expect(f.stderr).toMatch(/syslog tag is not a plain name, not read/)
  })

  it('without systemd, a syslog destination is said to be unread (it is in the syslog daemon\'s files)', () => {
    const web = frames.filter((f) => f.name === 'journal-log' && f.attrs.tag)
    expect(web.map((f) => [f.attrs.kind, f.attrs.tag, f.rc])).toEqual([
      ['nginx-error', 'web', 1],
      ['nginx-error', 'lvl', 1],
      ['nginx-error', 'order', 1],
    ])
    expect(web[0].stderr).toMatch(/no systemd journal on this host/)
  })
})
