/**
 * The first `fleet reload` after adopting fleet, on three real hosts: a push made before any fleet
 * run has no rollback point. Refused by default; `--without-rollback` goes through with the risk
 * stated, and a bad push stops at the first failed verification, named as not rolled back.
 * Then `--history` lists the points a dry run and a reload recorded.
 * The scenarios run in order on one lab: each starts from the config the previous one left running.
 */
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {bootLab, labUnavailable, reloadLab, served, startFleet, type ReloadLab} from './reload-lab.js'

const NAMES = ['fr1', 'fr2', 'fr3']
const SITE = '/etc/nginx/sites-available/app'
const unavailable = labUnavailable()

describe.skipIf(unavailable !== null)(`the first fleet reload after a push${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let lab: ReloadLab
  let original = ''
  const site = (marker: string) => original.replace(/^(\tindex index\.php;)$/m, `$1\n\tadd_header X-Fleet-Push ${marker};`)
  // Passes nginx -t, breaks PHP: GET / is no longer 200.
  const brokenPhp = (marker: string) => site(marker).replace(/^(\t\tinclude snippets\/fastcgi-php\.conf;)$/m, '\t\troot /srv/missing;\n$1')
  const write = (host: string, content: string) => lab.sh(host, `cat > ${SITE} <<'FLEET_EOF'\n${content}FLEET_EOF`)
  const push = (hosts: string[], content: string) => Promise.all(hosts.map((h) => write(h, content)))
  /** A reload by hand (as a deploy script does), waiting until the old workers are gone. */
  const RELOAD =
    "old=$(pgrep -x -f 'nginx: worker process'); systemctl reload nginx && i=0 && while [ $i -lt 200 ]; do " +
    'alive=no; for p in $old; do kill -0 $p 2>/dev/null && alive=yes; done; [ $alive = no ] && break; sleep 0.05; i=$((i+1)); done'
  const byHand = (hosts: string[], content: string) => Promise.all(hosts.map((h) => lab.sh(h, `cat > ${SITE} <<'FLEET_EOF'\n${content}FLEET_EOF\nsleep 1.1 && nginx -t 2>/dev/null && ${RELOAD}`)))
  const servedAll = () => Promise.all(lab.hosts.map((h) => served(h.address)))
  const outcomes = (r: Awaited<ReturnType<typeof reloadLab>>) => Object.fromEntries((r.report?.hosts ?? []).map((h) => [h.host, h.outcome]))

  beforeAll(async () => {
    lab = await bootLab(NAMES)
    original = await lab.sh('fr1', `cat ${SITE}`)
  })
  afterAll(async () => {
    await lab?.down()
  })

  it('a push before any fleet run: refused on every host by default, nothing reloaded', async () => {
    await push(NAMES, site('first'))
    const r = await reloadLab(lab, ['--settle', '1'])
    expect(r.code, r.stderr).toBe(1)
    expect(r.report!.withoutRollback).toBe(false)
    for (const h of r.report!.hosts) {
      expect(h.outcome).toBe('failed')
      expect(h.preflight!.problems.map((p) => p.code)).toEqual(['no-rollback-point'])
    }
    expect(await servedAll()).toEqual(NAMES.map(() => '200 -'))
  })

  it('--without-rollback: the risk is said under --yes, the push is reloaded and verified everywhere, the JSON says rollback was off', async () => {
    const r = await reloadLab(lab, ['--without-rollback', '--settle', '1'])
    expect(outcomes(r), r.stdout + r.stderr).toEqual({fr1: 'reloaded', fr2: 'reloaded', fr3: 'reloaded'})
    expect(r.code).toBe(0)
    expect(r.report!.withoutRollback).toBe(true)
    expect(r.report!.notRolledBack).toEqual([])
    expect(r.report!.hosts.map((h) => [h.withoutRollback, h.preflight!.rollbackHash, h.reload!.ok])).toEqual(NAMES.map(() => [true, null, true]))
    expect(r.stderr).toContain('RISK (--without-rollback): 3 host(s) have no rollback point (fr1, fr2, fr3)')
    expect(r.stderr).toContain('the canary caps the damage to one host')
    expect(await servedAll()).toEqual(NAMES.map(() => '200 first'))
  })

  it('--without-rollback and a bad push: the canary fails, is named as not rolled back, and nothing else is touched', async () => {
    // Someone reloads by hand (fleet's record no longer matches what runs), then pushes a bad config.
    await byHand(NAMES, site('hand'))
    await push(NAMES, brokenPhp('bad'))
    const r = await reloadLab(lab, ['--without-rollback', '--max-fail', '100%', '--settle', '1'])
    expect(r.report!.batches).toEqual([['fr1'], ['fr2'], ['fr3']])
    expect(outcomes(r), r.stdout + r.stderr).toEqual({fr1: 'failed', fr2: 'not-reached', fr3: 'not-reached'})
    expect(r.code).toBe(1)
    const canary = r.report!.hosts[0]
    expect(canary.reload!.ok).toBe(false)
    expect(canary.rollback).toBeNull()
    expect(canary.reason).toMatch(/not rolled back \(--without-rollback, no rollback point\): the host is left on the new config [0-9a-f]{16}$/)
    expect(r.report!.notRolledBack).toEqual(['fr1'])
    const [fr1, fr2, fr3] = await servedAll()
    expect(fr1).not.toMatch(/^200 /)
    expect([fr2, fr3]).toEqual(['200 hand', '200 hand'])
  })

  it('--without-rollback stops at the first failed verification even when --max-fail allows more', async () => {
    // fr1 (the canary) gets a good push, fr2 and fr3 a bad one; fr1 is fixed by hand first.
    await byHand(['fr1'], site('hand'))
    await push(['fr1'], site('second'))
    await push(['fr2', 'fr3'], brokenPhp('bad2'))
    const r = await reloadLab(lab, ['--without-rollback', '--max-fail', '100%', '--settle', '1'])
    expect(outcomes(r), r.stdout + r.stderr).toEqual({fr1: 'reloaded', fr2: 'failed', fr3: 'not-reached'})
    expect(r.report!.hosts[2].reason).toBe('not reached: rollout stopped, a host failed verification under --without-rollback (nothing can be rolled back)')
    expect(r.report!.notRolledBack).toEqual(['fr2'])
    const [fr1, fr2, fr3] = await servedAll()
    expect(fr1).toBe('200 second')
    expect(fr2).not.toMatch(/^200 /)
    expect(fr3).toBe('200 hand')
  })

  it('--history lists the points a dry run and a reload recorded, which is current, and its generation', async () => {
    await byHand(NAMES, site('dry'))
    const dry = await reloadLab(lab, ['--dry-run'])
    expect(dry.code, dry.stdout + dry.stderr).toBe(0)
    await push(NAMES, site('last'))
    const r = await reloadLab(lab, ['--settle', '1'])
    expect(outcomes(r), r.stdout + r.stderr).toEqual({fr1: 'reloaded', fr2: 'reloaded', fr3: 'reloaded'})

    const h = await startFleet(['reload', '-i', lab.inventory, '--known-hosts', lab.knownHosts, '--identity', lab.key, '--all', '--history', '--json'], join(lab.dir, 'state')).done
    expect(h.code, h.stderr).toBe(0)
    const history = JSON.parse(h.stdout) as import('../../../src/reload/history.js').HistoryReport
    expect(history.hosts.map((x) => x.host)).toEqual(NAMES)
    for (const [i, host] of history.hosts.entries()) {
      const rollbackPoint = dry.report!.hosts[i].preflight!.rollbackHash!
      const reloaded = r.report!.hosts[i].preflight!.newHash!
      const hashes = host.points.map((p) => p.hash)
      expect(hashes).toContain(rollbackPoint)
      expect(hashes).toContain(reloaded)
      expect(host.points.filter((p) => p.current).map((p) => p.hash)).toEqual([reloaded])
      expect(host.current!.hash).toBe(reloaded)
      expect(host.current!.generation).toMatch(/^\d+:\d+$/)
      expect(host.currentIsRunning).toBe(true)
      expect(host.runningGeneration).toBe(host.current!.generation)
      expect(host.points.every((p) => p.recordedAt !== null && !Number.isNaN(Date.parse(p.recordedAt)))).toBe(true)
      expect(host.error).toBeNull()
    }
    // Read-only: no lock left, nothing reloaded.
    expect(await servedAll()).toEqual(NAMES.map(() => '200 last'))
    const table = await startFleet(['reload', '-i', lab.inventory, '--known-hosts', lab.knownHosts, '--identity', lab.key, '--all', '--history'], join(lab.dir, 'state')).done
    expect(table.code, table.stderr).toBe(0)
    expect(table.stdout).toContain(r.report!.hosts[0].preflight!.newHash!)
    expect(table.stdout).toContain('yes (running)')
  })
})
