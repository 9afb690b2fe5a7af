/**
 * The rollback point and the lock on a real host: a deploy that writes and reloads within one
 * second, config files that live outside /etc/nginx (a site linked in from the app, /etc/nginx
 * itself a symlink), and many runs racing for a stale lock with the real LOCK_TAKE script.
 * The scenarios run in order on one host, each from the config the previous one left running.
 */
import {createHash} from 'node:crypto'
import {mkdirSync, readFileSync, readdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {LOCK_TAKE} from '../../../src/reload/lock.js'
import {buildScript} from '../../../src/reload/remote.js'
import {bootLab, labUnavailable, reloadLab, served, type ReloadLab} from './reload-lab.js'

const SITE = '/etc/nginx/sites-available/app'
const APP_SITE = '/srv/app/nginx.conf'
const unavailable = labUnavailable()

describe.skipIf(unavailable !== null)(`rollback points and locks on a real host${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let lab: ReloadLab
  let original = ''
  const sh = (command: string) => lab.sh('rp1', command)
  const write = (file: string, content: string) => sh(`cat > ${file} <<'FLEET_EOF'\n${content}FLEET_EOF`)
  const site = (marker: string) => original.replace(/^(\tindex index\.php;)$/m, `$1\n\tadd_header X-Fleet-Push ${marker};`)
  const brokenPhp = (marker: string) => site(marker).replace(/^(\t\tinclude snippets\/fastcgi-php\.conf;)$/m, '\t\troot /srv/missing;\n$1')
  const address = () => lab.hosts[0].address
  /**
   * `systemctl reload nginx` only signals the master: then wait (bounded) until the old workers
   * have exited, so what follows happens after the load, however slow the machine.
   */
  const RELOAD =
    "old=$(pgrep -x -f 'nginx: worker process'); systemctl reload nginx && i=0 && while [ $i -lt 200 ]; do " +
    'alive=no; for p in $old; do kill -0 $p 2>/dev/null && alive=yes; done; [ $alive = no ] && break; sleep 0.05; i=$((i+1)); done'
  /** As a deploy script does it: write, nginx -t, reload, at once. */
  const deploy = (file: string, content: string) => sh(`cat > ${file} <<'FLEET_EOF'\n${content}FLEET_EOF\nnginx -t 2>/dev/null && ${RELOAD}`)

  beforeAll(async () => {
    lab = await bootLab(['rp1'])
    original = await sh(`cat ${SITE}`)
  })
  afterAll(async () => {
    await lab?.down()
  })

  it('a deploy that writes its files and reloads in the same second gets a rollback point; a change just after the load is refused', async () => {
    const before = (await sh('date +%s.%N')).trim()
    await deploy(SITE, site('same-second'))
    const dry = await reloadLab(lab, ['--dry-run'])
    expect(dry.code, `${before} ${dry.stdout} ${dry.stderr}`).toBe(0)
    expect(dry.report!.hosts[0].preflight!.rollbackSource).toBe('running-disk')
    expect(await served(address())).toBe('200 same-second')

    // The next push is reloaded and verified against that point.
    await write(SITE, site('next-push'))
    const r = await reloadLab(lab, ['--settle', '1'])
    expect(r.report?.hosts.map((h) => h.outcome), r.stdout + r.stderr).toEqual(['reloaded'])
    expect(await served(address())).toBe('200 next-push')

    // The other direction: a file changed after the workers started is newer than what runs.
    await sh(`${RELOAD} && touch ${SITE}`)
    const refused = await reloadLab(lab, ['--dry-run'])
    expect(refused.code).not.toBe(0)
    const problems = refused.report!.hosts[0].preflight!.problems
    expect(problems.map((p) => p.code)).toEqual(['no-rollback-point'])
    expect(problems[0].message).toMatch(/^the running config is unknown: \/etc\/nginx\/sites-available\/app changed \d+\.\d{3} s after nginx last loaded its config/)
    await sh(RELOAD)
  })

  it('a site linked in from outside /etc/nginx is rolled back to its real content, and only then reported rolled-back', async () => {
    await sh(`mkdir -p /srv/app && cp ${SITE} ${APP_SITE} && ln -sfn ${APP_SITE} /etc/nginx/sites-enabled/app`)
    // Written well before the reload, so that this test does not depend on the same-second fix above.
    await write(APP_SITE, site('outside'))
    await sh(`sleep 3.1 && ${RELOAD}`)
    const dry = await reloadLab(lab, ['--dry-run'])
    expect(dry.code, dry.stdout + dry.stderr).toBe(0)

    await write(APP_SITE, brokenPhp('outside-broken'))
    const r = await reloadLab(lab, ['--settle', '1'])
    const host = r.report?.hosts[0]
    expect(host?.outcome, r.stdout + r.stderr).toBe('rolled-back')
    expect(host!.rollback!.ok).toBe(true)
    expect(await served(address())).toBe('200 outside')
    expect(await sh(`grep -c /srv/missing ${APP_SITE} || true`)).toBe('0\n')
    expect(await sh('readlink /etc/nginx/sites-enabled/app')).toBe(`${APP_SITE}\n`)
    // The live files hash to the rollback point again: a dry run finds the same hash on disk.
    const after = await reloadLab(lab, ['--dry-run'])
    expect(after.report!.hosts[0].preflight!.newHash).toBe(host!.preflight!.rollbackHash)

    // A directory another user can write is no place for root to restore a file: refused, with why.
    await sh('chmod o+w /srv/app')
    const unsafe = await reloadLab(lab, ['--dry-run'])
    await sh('chmod o-w /srv/app')
    expect(unsafe.code).not.toBe(0)
    expect(unsafe.report!.hosts[0].preflight!.problems.map((p) => p.message).join('\n')).toContain(
      `${APP_SITE} (included by the config) cannot be restored safely: /srv/app is writable by a user other than root`,
    )
  })

  it('/etc/nginx being a symlink to another directory: the directory is snapshotted and restored', async () => {
    await sh('ln -sfn ../sites-available/app /etc/nginx/sites-enabled/app')
    await write(SITE, site('linked-dir'))
    await sh(`mv /etc/nginx /srv/nginx-real && ln -s /srv/nginx-real /etc/nginx && sleep 3.1 && nginx -t 2>/dev/null && ${RELOAD}`)
    const dry = await reloadLab(lab, ['--dry-run'])
    expect(dry.code, dry.stdout + dry.stderr).toBe(0)
    expect(await served(address())).toBe('200 linked-dir')

    await write(SITE, brokenPhp('linked-dir-broken'))
    const r = await reloadLab(lab, ['--settle', '1'])
    expect(r.report?.hosts[0].outcome, r.stdout + r.stderr).toBe('rolled-back')
    expect(await served(address())).toBe('200 linked-dir')
    expect(await sh(`grep -c /srv/missing ${SITE} || true`)).toBe('0\n')
    expect(await sh('readlink /etc/nginx')).toBe('/srv/nginx-real\n')
    // What was snapshotted is the directory itself.
    expect(dry.report!.hosts[0].preflight!.confDir).toBe('/srv/nginx-real')
  })

  it('a rollback that cannot undo a file a glob outside the config dir picked up says failed, and names it', async () => {
    await sh('mkdir -p /srv/sites')
    await deploy(SITE, site('glob').replace(/^(\tindex index\.php;)$/m, '$1\n\tinclude /srv/sites/*.conf;'))
    expect((await reloadLab(lab, ['--dry-run'])).code).toBe(0)
    expect(await served(address())).toBe('200 glob')

    // The push only adds a file outside the config dir: restoring the snapshot leaves it there.
    await write('/srv/sites/php.conf', 'location = /index.php { return 500; }\n')
    const r = await reloadLab(lab, ['--settle', '1'])
    const host = r.report?.hosts[0]
    expect(host?.outcome, r.stdout + r.stderr).toBe('failed')
    expect(host!.rollback!.failures).toEqual(['restore: nginx reads files the rollback point does not have: /srv/sites/php.conf'])
    await sh(`rm /srv/sites/php.conf && ${RELOAD}`)
    expect(await served(address())).toBe('200 glob')
  })

  it('many runs racing to take over one stale lock: exactly one wins each round, no lock is ever left without its owner', async () => {
    const ROUNDS = 6
    const STEALERS = 40
    const PLAIN = 10
    const dir = join(lab.dir, 'hosts', 'rp1', 'root', 'var', 'tmp', 'race')
    mkdirSync(dir, {recursive: true})
    const owners = new Map<string, string>()
    for (let r = 1; r <= ROUNDS; r++) {
      const stale = `root@gone-controller pid=${900 + r} started=2026-01-01T00:00:00.000Z run=5ta1e${r}`
      writeFileSync(join(dir, `r${r}.stale`), `${stale}\n`)
      for (let i = 0; i < STEALERS + PLAIN; i++) {
        const run = (r * 1000 + i).toString(16).padStart(8, '0')
        const owner = `racer${i}@controller pid=${10_000 + i} started=2026-01-01T00:00:00.000Z run=${run}`
        const steal = i < STEALERS ? stale : ''
        const stealId = steal === '' ? '' : createHash('sha256').update(steal).digest('hex').slice(0, 16)
        const name = `r${r}-${String(i).padStart(3, '0')}.sh`
        owners.set(name, owner)
        writeFileSync(join(dir, name), buildScript({OWNER: owner, STEAL: steal, STEAL_ID: stealId, RUN: run}, LOCK_TAKE, '').text)
      }
    }
    await sh(
      [
        'cd /var/tmp/race',
        `for r in $(seq 1 ${ROUNDS}); do`,
        '  rm -rf /run/fleet-reload.lock /run/fleet-reload.lock.*',
        '  mkdir /run/fleet-reload.lock && cat r$r.stale > /run/fleet-reload.lock/owner',
        '  for f in r$r-*.sh; do sh "$f" > "$f.out" 2>&1 & done; wait',
        '  { cat /run/fleet-reload.lock/owner 2>/dev/null || echo "NO OWNER FILE"; } > r$r.final',
        '  for d in /run/fleet-reload.lock /run/fleet-reload.lock.*; do [ -d "$d" ] && [ ! -f "$d/owner" ] && echo "$d"; done > r$r.ownerless; true',
        'done',
        'rm -rf /run/fleet-reload.lock /run/fleet-reload.lock.*',
      ].join('\n'),
    )
    const files = readdirSync(dir)
    for (let r = 1; r <= ROUNDS; r++) {
      const outs = files.filter((f) => f.startsWith(`r${r}-`) && f.endsWith('.sh.out'))
      expect(outs.length).toBe(STEALERS + PLAIN)
      const winners = outs.filter((f) => /^@@lock taken$/m.test(readFileSync(join(dir, f), 'utf8')))
      expect(winners, `round ${r}`).toHaveLength(1)
      expect(readFileSync(join(dir, `r${r}.final`), 'utf8')).toBe(`${owners.get(winners[0].replace(/\.out$/, ''))}\n`)
      expect(readFileSync(join(dir, `r${r}.ownerless`), 'utf8'), `round ${r}`).toBe('')
    }
  })
})
