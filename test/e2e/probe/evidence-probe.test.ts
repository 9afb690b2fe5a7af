// The probe's evidence section (src/probe/evidence.sh) against real Debian hosts, each layout
// made the production way: a real logrotate with Debian's config after real warnings, FPM and
// nginx logging to the journal, a Laravel-layout site whose PHP logs a real exception line, an
// FPM unit that failed to start on a config error, a small tmpfs as the session directory.
// The probe runs as fleet sends it (probeScript on stdin to `sh -s`) inside the host's namespaces.
//
// FLEET_RECORD_EVIDENCE=1 also saves each output as test/fixtures/probe/evidence-LAYOUT.txt (nonce
// fx0nce7q2, as the other probe fixtures) for the controller's parser tests.
import {execFileSync, spawnSync} from 'node:child_process'
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

import {describe, expect, it} from 'vitest'

import {type Frame, splitFrames} from '../../../src/probe/frames.js'
import {PROBE_COMMAND, PROBE_DEFAULTS, probeScript} from '../../../src/probe/script.js'

const lab = fileURLToPath(new URL('./probedev.sh', import.meta.url))
const fixtures = fileURLToPath(new URL('../../fixtures/probe/', import.meta.url))
const FIXTURE_NONCE = 'fx0nce7q2'
const rootfs = process.env.FLEET_LAB_ROOTFS ?? labImage()

/** The lab's cached base image (built on first use by `lab.sh image`, which prints its path). */
function labImage(): string {
  if (process.getuid?.() !== 0) return ''
  const built = spawnSync(fileURLToPath(new URL('../../lab/lab.sh', import.meta.url)), ['image'], {encoding: 'utf8'})
  return built.status === 0 ? (built.stdout.trim().split('\n').pop() ?? '') : ''
}

function skipReason(): string | null {
  if (process.getuid?.() !== 0) return 'needs root (overlay mount, systemd-nspawn, nsenter)'
  if (spawnSync('sh', ['-c', 'command -v systemd-nspawn && command -v nsenter']).status !== 0) return 'systemd-nspawn or nsenter not installed'
  if (!existsSync(`${rootfs}/etc/debian_version`)) return `no base image at ${rootfs} (set FLEET_LAB_ROOTFS)`
  return null
}
const reason = skipReason()

/** logrotate is not in the lab image: its Debian packages from this machine's apt cache, if there. */
function logrotateDebs(): string[] | null {
  const dir = '/var/cache/apt/archives'
  if (!existsSync(dir)) return null
  const names = readdirSync(dir)
  const debs = ['logrotate_', 'libpopt0_'].map((p) => names.find((n) => n.startsWith(p) && n.endsWith('_amd64.deb')))
  return debs.every(Boolean) ? debs.map((n) => `${dir}/${n}`) : null
}

interface Host {
  pid: string
  sh(script: string): string
  put(path: string, data: Buffer): void
  probe(nonce: string): {stdout: string; frames: Frame[]}
}

/** Boots a fresh host, runs `body`, always tears it down. */
function withHost(name: string, body: (host: Host) => void): void {
  const ct = `probedevev${process.pid}${name}`.slice(0, 40)
  const pid = execFileSync('sh', [lab, 'up', ct, 'boot'], {encoding: 'utf8', env: {...process.env, FLEET_LAB_ROOTFS: rootfs}}).trim()
  const ns = ['-t', pid, '-m', '-u', '-i', '-n', '-p']
  const host: Host = {
    pid,
    sh: (script) => execFileSync('nsenter', [...ns, 'sh', '-c', script], {encoding: 'utf8'}),
    put: (path, data) => {
      execFileSync('nsenter', [...ns, 'sh', '-c', 'cat >"$0"', path], {input: data})
    },
    probe(nonce) {
      const stdout = execFileSync('nsenter', [...ns, 'sh', '-c', PROBE_COMMAND], {
        input: probeScript({nonce, ...PROBE_DEFAULTS}),
        encoding: 'utf8',
        maxBuffer: 64 << 20,
      })
      return {stdout, frames: splitFrames(stdout, nonce)}
    },
  }
  try {
    body(host)
  } finally {
    spawnSync('sh', [lab, 'down', ct], {stdio: 'inherit'})
  }
}

/** Probe once with the fixture nonce; saved as a fixture when asked. */
function probeAndRecord(host: Host, layout: string): Frame[] {
  const {stdout, frames} = host.probe(FIXTURE_NONCE)
  if (process.env.FLEET_RECORD_EVIDENCE) writeFileSync(`${fixtures}evidence-${layout}.txt`, stdout)
  return frames
}

const named = (frames: Frame[], name: string) => frames.filter((f) => f.name === name)
const OPTIONAL = ['journal-log', 'unit-journal', 'app-log']

/**
 * Concurrent slow requests against a one-child ondemand pool: FPM's real max_children warning.
 * Setup only: the requests are sent again (at most 10 times) until `seen` (a shell condition)
 * finds the warning where FPM logs it; a host that never logs it fails the setup, said.
 */
function maxChildrenWarning(host: Host, seen: string): void {
  host.sh(String.raw`
f=/etc/php/8.2/fpm/pool.d/www.conf
sed -i 's/^pm = .*/pm = ondemand/; s/^pm.max_children = .*/pm.max_children = 1/' "$f"
systemctl restart php8.2-fpm`)
  host.sh(`i=0
until ${seen}; do
  i=$((i + 1)); [ $i -le 10 ] || { echo "FPM never logged max_children" >&2; exit 1; }
  for r in 1 2 3; do curl -s -o /dev/null 'http://127.0.0.1:8081/index.php?sleep=1' & done
  wait; sleep 0.5
done`)
}

/** Setup only: wait (up to 20 s) until a condition holds in the host, e.g. journald has stored a line. */
function waitIn(host: Host, condition: string): void {
  host.sh(`i=0; until ${condition}; do i=$((i + 1)); [ $i -lt 100 ] || { echo "timed out: ${condition.replace(/["$`\\]/g, '')}" >&2; exit 1; }; sleep 0.2; done`)
}

function checkDisks(frames: Frame[]): void {
  const [paths] = named(frames, 'disk-paths')
  const lines = paths.body.split('\n').filter(Boolean)
  for (const l of lines) expect(l).toMatch(/^(nginx-log|nginx-temp|fpm-socket|php-sessions) \//)
  for (const name of ['df', 'df-inodes']) {
    const [df] = named(frames, name)
    expect(df.rc, `${name}: ${df.stderr}`).toBe(0)
    // The header, then one line per disk-paths line, in the same order.
    expect(df.body.split('\n').filter(Boolean).length, name).toBe(lines.length + 1)
  }
}

describe.skipIf(reason !== null)(`the probe's evidence section on live hosts${reason ? ` (skipped: ${reason})` : ''}`, () => {
  it('stock host: only disk-paths, df, df-inodes and php-ini, no optional frame', () => {
    withHost('stock', (host) => {
      host.sh("curl -s -o /dev/null http://127.0.0.1:8080/index.php")
      const frames = probeAndRecord(host, 'stock')
      for (const name of OPTIONAL) expect(named(frames, name), name).toEqual([])
      expect(frames.filter((f) => f.name === 'log' && f.attrs.gen)).toEqual([])
      expect(named(frames, 'evidence')).toEqual([])
      expect(named(frames, 'disk-paths')[0].body.split('\n').filter(Boolean)).toEqual(
        expect.arrayContaining(['nginx-log /var/log/nginx', 'fpm-socket /run/php', 'php-sessions /var/lib/php/sessions']),
      )
      checkDisks(frames)
      const [ini] = named(frames, 'php-ini')
      expect(ini.attrs).toMatchObject({name: 'php-fpm8.2', path: '/etc/php/8.2/fpm/php.ini'})
      expect(ini.body).toMatch(/^memory_limit = 128M$/m)
      expect(ini.body).toMatch(/^max_execution_time = 30$/m)
      expect(ini.body).not.toMatch(/^;/m)
      expect(frames.at(-1)?.name).toBe('done')
    })
  }, 120_000)

  it('rotated logs: the warning logrotate moved away is in gen=1 (plain) and gen=2 (gzip) frames', (ctx) => {
    const debs = logrotateDebs()
    if (!debs) ctx.skip('logrotate is not in the lab image and its .deb is not in this machine\'s apt cache')
    withHost('rot', (host) => {
      if (host.sh('command -v logrotate || true').trim() === '') {
        for (const deb of debs!) host.put(`/tmp/${deb.split('/').pop()}`, readFileSync(deb))
        host.sh('dpkg -i /tmp/*.deb >/dev/null')
      }
      maxChildrenWarning(host, 'grep -q max_children /var/log/php8.2-fpm.log')
      // Real Debian configs (delaycompress): the warning goes to .1, then to .2.gz.
      host.sh('logrotate -f /etc/logrotate.d/php8.2-fpm && sleep 0.3 && logrotate -f /etc/logrotate.d/php8.2-fpm')
      host.sh('curl -s -o /dev/null http://127.0.0.1:8081/missing.png; sleep 0.3; logrotate -f /etc/logrotate.d/nginx')
      const frames = probeAndRecord(host, 'rotated')
      const gens = frames.filter((f) => f.name === 'log' && f.attrs.gen)
      const fpm2 = gens.find((f) => f.attrs.of === '/var/log/php8.2-fpm.log' && f.attrs.gen === '2')
      expect(fpm2?.attrs).toMatchObject({kind: 'fpm:php-fpm8.2', path: '/var/log/php8.2-fpm.log.2.gz', gz: '1'})
      expect(fpm2?.body).toMatch(/WARNING: \[pool www\] server reached max_children setting \(1\)/)
      expect(Number(fpm2?.attrs.size)).toBe(Buffer.byteLength(fpm2!.body))
      const fpm1 = gens.find((f) => f.attrs.of === '/var/log/php8.2-fpm.log' && f.attrs.gen === '1')
      expect(fpm1?.attrs.path).toBe('/var/log/php8.2-fpm.log.1')
      const ngx1 = gens.find((f) => f.attrs.of === '/var/log/nginx/error.log')
      expect(ngx1?.attrs).toMatchObject({kind: 'nginx-error', path: '/var/log/nginx/error.log.1', gen: '1'})
      expect(ngx1?.body).toMatch(/open\(\) "\/var\/www\/app\/missing\.png" failed \(2: No such file or directory\)/)
      expect(Number(ngx1?.attrs.size)).toBe(Buffer.byteLength(ngx1!.body))
      // The current logs were read as before.
      expect(frames.some((f) => f.name === 'log' && f.attrs.path === '/var/log/nginx/error.log' && !f.attrs.gen)).toBe(true)
    })
  }, 180_000)

  it('journal: FPM error_log = syslog and nginx error_log syslog:server=unix:/dev/log come back as journal-log frames', () => {
    withHost('jrnl', (host) => {
      host.sh(String.raw`
sed -i 's|^error_log = .*|error_log = syslog|' /etc/php/8.2/fpm/php-fpm.conf
echo 'error_log syslog:server=unix:/dev/log;' >/etc/nginx/conf.d/syslog.conf
systemctl reload nginx`)
      maxChildrenWarning(host, 'journalctl -q --no-pager -t php-fpm | grep -q max_children')
      host.sh('curl -s -o /dev/null http://127.0.0.1:8081/missing.png')
      waitIn(host, 'journalctl -q --no-pager _COMM=nginx | grep -q missing.png')
      const frames = probeAndRecord(host, 'journal')
      const logs = named(frames, 'journal-log')
      const fpm = logs.find((f) => f.attrs.kind === 'fpm:php-fpm8.2')
      expect(fpm?.attrs.tag).toBe('php-fpm')
      expect(Number(fpm?.attrs.since)).toBeGreaterThan(0)
      expect(fpm?.body).toMatch(/php-fpm\[\d+\]: \[WARNING\] \[pool www\] server reached max_children setting \(1\)/)
      const ngx = logs.find((f) => f.attrs.kind === 'nginx-error')
      expect(ngx?.attrs.tag).toBe('nginx')
      expect(ngx?.body).toMatch(/nginx: \d{4}\/\d\d\/\d\d [\d:]+ \[error\] \d+#\d+: \*\d+ open\(\) "\/var\/www\/app\/missing\.png" failed/)
    })
  }, 120_000)

  it('journal: the FPM tag is its syslog.ident', () => {
    withHost('ident', (host) => {
      host.sh(String.raw`
sed -i 's|^error_log = .*|error_log = syslog|; s|^;syslog.ident = .*|syslog.ident = fpm-web|' /etc/php/8.2/fpm/php-fpm.conf
grep -q '^syslog.ident = fpm-web' /etc/php/8.2/fpm/php-fpm.conf`)
      maxChildrenWarning(host, 'journalctl -q --no-pager -t fpm-web | grep -q max_children')
      const {frames} = host.probe('evid1')
      const fpm = named(frames, 'journal-log').find((f) => f.attrs.kind === 'fpm:php-fpm8.2')
      expect(fpm?.attrs.tag).toBe('fpm-web')
      expect(fpm?.body).toMatch(/fpm-web\[\d+\]: \[WARNING\] \[pool www\] server reached max_children setting \(1\)/)
    })
  }, 120_000)

  it('Laravel layout: storage/logs/laravel.log and today\'s daily log next to a /public root with ../artisan', () => {
    withHost('lara', (host) => {
      host.sh(String.raw`
mkdir -p /srv/app/public /srv/app/storage/logs && touch /srv/app/artisan && chown -R www-data:www-data /srv/app/storage
cat >/srv/app/public/index.php <<'PHP'
<?php
$e = new RuntimeException('Connection refused [tcp://127.0.0.1:6379]');
$line = sprintf("[%s] production.ERROR: %s {\"exception\":\"[object] (%s(code: 0): %s at %s:%d)\"}\n",
  date('Y-m-d H:i:s'), $e->getMessage(), get_class($e), $e->getMessage(), $e->getFile(), $e->getLine());
error_log($line, 3, __DIR__ . '/../storage/logs/laravel.log');
error_log($line, 3, __DIR__ . '/../storage/logs/laravel-' . date('Y-m-d') . '.log');
http_response_code(500);
PHP
cat >/etc/nginx/sites-enabled/laravel.conf <<'NGX'
server {
    listen 8084;
    root /srv/app/public;
    index index.php;
    location / {
        try_files $uri /index.php$is_args$args;
    }
    location ~ \.php$ {
        include snippets/fastcgi-php.conf;
        fastcgi_pass unix:/run/php/php8.2-fpm.sock;
    }
}
NGX
systemctl reload nginx && sleep 0.5 && curl -s -o /dev/null http://127.0.0.1:8084/`)
      const today = host.sh('date +%Y-%m-%d').trim()
      const frames = probeAndRecord(host, 'laravel')
      const apps = named(frames, 'app-log')
      expect(apps.map((f) => f.attrs.path)).toEqual(['/srv/app/storage/logs/laravel.log', `/srv/app/storage/logs/laravel-${today}.log`])
      for (const f of apps) {
        expect(f.attrs.root).toBe('/srv/app/public')
        expect(f.body).toMatch(/^\[\d{4}-\d\d-\d\d [\d:]+\] production\.ERROR: Connection refused .*RuntimeException\(code: 0\)/m)
        expect(Number(f.attrs.size)).toBe(Buffer.byteLength(f.body))
      }
    })
  }, 120_000)

  it('stopped FPM unit: a failed start on a config error brings its last journal lines', () => {
    withHost('fail', (host) => {
      host.sh("sed -i 's/^pm.max_children = .*/pm.max_children = 0/' /etc/php/8.2/fpm/pool.d/www.conf; systemctl restart php8.2-fpm || true")
      expect(host.sh('systemctl show -p ActiveState --value php8.2-fpm').trim()).toBe('failed')
      const frames = probeAndRecord(host, 'unit-failed')
      const units = named(frames, 'unit-journal')
      expect(units.map((f) => f.attrs.unit)).toEqual(['php8.2-fpm.service'])
      expect(units[0].body).toMatch(/\[pool www\] pm\.max_children must be a positive value/)
      expect(units[0].body.split('\n').filter(Boolean).length).toBeLessThanOrEqual(30)
      // A user who cannot read the system journal gets it said, not an empty "no lines".
      const nobody = execFileSync('nsenter', ['-t', host.pid, '-m', '-u', '-i', '-n', '-p', 'su', 'nobody', '-s', '/bin/sh', '-c', PROBE_COMMAND], {
        input: probeScript({nonce: 'evnobody1', ...PROBE_DEFAULTS}),
        encoding: 'utf8',
        maxBuffer: 64 << 20,
      })
      const denied = named(splitFrames(nobody, 'evnobody1'), 'unit-journal')
      expect(denied.map((f) => [f.attrs.unit, f.rc])).toEqual([['php8.2-fpm.service', 1]])
      expect(denied[0].stderr).toMatch(/system journal is not readable for this user/)
    })
  }, 120_000)

  it('full session filesystem: a small tmpfs at the session dir is its own df line', () => {
    withHost('disk', (host) => {
      host.sh('mount -t tmpfs -o size=256k tmpfs /var/lib/php/sessions && dd if=/dev/zero of=/var/lib/php/sessions/fill bs=4k 2>/dev/null; true')
      const frames = probeAndRecord(host, 'disk-full')
      checkDisks(frames)
      const lines = named(frames, 'disk-paths')[0].body.split('\n').filter(Boolean)
      const i = lines.indexOf('php-sessions /var/lib/php/sessions')
      expect(i).toBeGreaterThanOrEqual(0)
      const df = named(frames, 'df')[0].body.split('\n').filter(Boolean)[i + 1]
      expect(df).toMatch(/^tmpfs\s+256\s+256\s+0\s+100% \/var\/lib\/php\/sessions$/)
      const dfi = named(frames, 'df-inodes')[0].body.split('\n').filter(Boolean)[i + 1]
      expect(dfi).toMatch(/^tmpfs\s+\d+\s+\d+\s+\d+\s+\d+% \/var\/lib\/php\/sessions$/)
    })
  }, 120_000)
})
