/**
 * fleet reload against six real hosts (nginx + PHP-FPM under systemd, over SSH), with real traffic.
 * The scenarios run in order on one lab: each starts from the config the previous one left running.
 */
import {spawnSync} from 'node:child_process'
import {readFileSync, writeFileSync} from 'node:fs'
import {hostname} from 'node:os'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import type {ReloadReport} from '../../../src/reload/types.js'
import {bootLab, labUnavailable, startFleet, startTraffic, type ReloadLab} from './reload-lab.js'

const NAMES = ['rl1', 'rl2', 'rl3', 'rl4', 'rl5', 'rl6']
const SITE = '/etc/nginx/sites-available/app'
const unavailable = labUnavailable()

describe.skipIf(unavailable !== null)(`fleet reload on a real fleet${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let lab: ReloadLab
  let original = ''

  /** The lab site with a marker header: which push a host serves is visible from outside. */
  const site = (marker: string) => original.replace(/^(\tindex index\.php;)$/m, `$1\n\tadd_header X-Fleet-Push ${marker};`)
  const brokenPhp = (marker: string) => site(marker).replace(/^(\t\tinclude snippets\/fastcgi-php\.conf;)$/m, '\t\troot /srv/missing;\n$1')
  const push = async (hosts: string[], content: string) => {
    await Promise.all(hosts.map((h) => lab.sh(h, `cat > ${SITE} <<'FLEET_EOF'\n${content}FLEET_EOF`)))
  }
  const served = async (address: string) => {
    const r = await fetch(`http://${address}/`, {signal: AbortSignal.timeout(10_000)})
    await r.arrayBuffer()
    return `${r.status} ${r.headers.get('x-fleet-push') ?? '-'}`
  }
  const servedAll = () => Promise.all(lab.hosts.map((h) => served(h.address)))
  const common = () => ['reload', '-i', lab.inventory, '--known-hosts', lab.knownHosts, '--identity', lab.key, '--group', 'lab', '--yes', '--json']
  const fleet = async (args: string[], onOutput?: Parameters<typeof startFleet>[2]) => {
    const r = await startFleet([...common(), ...args], join(lab.dir, 'state'), onOutput).done
    let report: ReloadReport | null = null
    try {
      report = JSON.parse(r.stdout) as ReloadReport
    } catch {
      // Left null: the assertion on it shows stdout/stderr.
    }
    return {...r, report}
  }
  const outcomes = (report: ReloadReport | null) => Object.fromEntries((report?.hosts ?? []).map((h) => [h.host, h.outcome]))
  const locks = () => Promise.all(NAMES.map((h) => lab.sh(h, 'cat /run/fleet-reload.lock/owner 2>/dev/null || echo none')))

  beforeAll(async () => {
    lab = await bootLab(NAMES)
    original = await lab.sh('rl1', `cat ${SITE}`)
  })
  afterAll(async () => {
    await lab?.down()
  })

  it('dry run records the running config as the rollback point and reloads nothing', async () => {
    const r = await fleet(['--dry-run'])
    expect(r.report, r.stderr).not.toBeNull()
    expect(r.code).toBe(0)
    expect(r.report!.hosts.map((h) => h.preflight?.rollbackSource)).toEqual(NAMES.map(() => 'running-disk'))
    expect(r.report!.hosts.every((h) => h.preflight!.baseline.length > 0 && h.preflight!.baseline.every((b) => b.status === 200))).toBe(true)
    expect(await locks()).toEqual(NAMES.map(() => 'none\n'))
  })

  it('a good push reaches all six hosts in batches while traffic sees zero failed requests', async () => {
    await push(NAMES, site('good'))
    const traffic = startTraffic(lab.hosts.map((h) => h.address))
    const r = await fleet(['--batch', '1,2,50%', '--settle', '2'])
    const seen = await traffic.stop()
    expect(r.report, r.stderr).not.toBeNull()
    expect(outcomes(r.report)).toEqual(Object.fromEntries(NAMES.map((n) => [n, 'reloaded'])))
    expect(r.report!.batches.map((b) => b.length)).toEqual([1, 2, 3])
    expect(r.code).toBe(0)
    expect(seen.ok).toBeGreaterThan(0)
    expect(seen.failures).toEqual([])
    expect(await servedAll()).toEqual(NAMES.map(() => '200 good'))
    // Every host changed worker generation under the same master.
    for (const h of r.report!.hosts) {
      expect(h.reload!.masterAfter).toBe(h.reload!.masterBefore)
      expect(h.reload!.workersAfter.some((p) => h.reload!.workersBefore.includes(p))).toBe(false)
    }
    expect(await locks()).toEqual(NAMES.map(() => 'none\n'))
    // Audit: one JSON line locally, one syslog line on each host, both naming the run and the hashes.
    const audit = readFileSync(join(lab.dir, 'state', 'fleet', 'reload-audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l))
    const record = audit.find((a) => a.run === r.report!.runId)
    expect(record).toMatchObject({outcome: 'ok', dryRun: false})
    expect(record.hosts.map((h: {outcome: string}) => h.outcome)).toEqual(NAMES.map(() => 'reloaded'))
    const h1 = r.report!.hosts[0].preflight!
    expect(await lab.sh('rl1', 'journalctl -t fleet-reload --no-pager -o cat')).toContain(
      `run=${r.report!.runId} by=${r.report!.operator} outcome=reloaded from=${h1.rollbackHash} to=${h1.newHash}`,
    )
  })

  it('as a sudo user (deploy), every phase runs through sudo -n', async () => {
    const inventory = join(lab.dir, 'inventory-deploy.yml')
    writeFileSync(inventory, readFileSync(lab.inventory, 'utf8').replace('user: root', 'user: deploy'))
    const r = await startFleet(
      ['reload', '-i', inventory, '--known-hosts', lab.knownHosts, '--identity', lab.key, '--host', 'rl6', '--yes', '--json', '--settle', '0'],
      join(lab.dir, 'state'),
    ).done
    const report = JSON.parse(r.stdout) as ReloadReport
    expect(report.hosts.map((h) => h.outcome), r.stderr).toEqual(['reloaded'])
    expect(await lab.sh('rl6', 'journalctl -t fleet-reload --no-pager -o cat | tail -n1')).toContain(`run=${report.runId} by=`)
  })

  it('a push that passes nginx -t but breaks PHP is rolled back on the canary and goes no further', async () => {
    await push(NAMES, brokenPhp('broken'))
    const r = await fleet(['--batch', '1,5', '--settle', '1'])
    expect(r.report, r.stderr).not.toBeNull()
    expect(r.code).not.toBe(0)
    expect(outcomes(r.report)).toEqual({rl1: 'rolled-back', rl2: 'not-reached', rl3: 'not-reached', rl4: 'not-reached', rl5: 'not-reached', rl6: 'not-reached'})
    expect(r.report!.hosts[0].reason).toMatch(/health http:\/\/127\.0\.0\.1:80\/: 200 before, 404 after/)
    expect(await servedAll()).toEqual(NAMES.map(() => '200 good'))
    // The canary's disk is back to the known-good tree; the failed tree is kept for inspection.
    expect(await lab.sh('rl1', `grep -c /srv/missing ${SITE} || true`)).toBe('0\n')
    expect(await lab.sh('rl1', 'ls /var/lib/fleet/nginx-failed | wc -l')).not.toBe('0\n')
    expect(await locks()).toEqual(NAMES.map(() => 'none\n'))
    await push(NAMES, site('good'))
  })

  it('a syntax error on one host reloads nothing anywhere and names the file and line', async () => {
    await push(NAMES, site('three'))
    await push(['rl4'], site('three').replace('add_header X-Fleet-Push three;', 'add_header X-Fleet-Push three'))
    const r = await fleet(['--batch', '6'])
    expect(r.report, r.stderr).not.toBeNull()
    expect(r.code).not.toBe(0)
    const rl4 = r.report!.hosts.find((h) => h.host === 'rl4')!
    expect(rl4.outcome).toBe('failed')
    expect(rl4.preflight!.problems[0].code).toBe('config-invalid')
    expect(rl4.preflight!.problems[0].message).toMatch(/\[emerg\] .* in \/etc\/nginx\/sites-enabled\/app:\d+$/)
    expect(r.report!.hosts.filter((h) => h.host !== 'rl4').every((h) => h.outcome === 'not-reached')).toBe(true)
    expect(await servedAll()).toEqual(NAMES.map(() => '200 good'))

    // --skip-invalid: the others go ahead, the invalid host is skipped and says why; still exit 1.
    const skipping = await fleet(['--batch', '6', '--settle', '1', '--skip-invalid'])
    expect(skipping.report, skipping.stderr).not.toBeNull()
    expect(outcomes(skipping.report)).toEqual({rl1: 'reloaded', rl2: 'reloaded', rl3: 'reloaded', rl4: 'skipped', rl5: 'reloaded', rl6: 'reloaded'})
    expect(skipping.report!.hosts.find((h) => h.host === 'rl4')!.reason).toMatch(/sites-enabled\/app:\d+/)
    expect(skipping.code).toBe(1)
    expect(await servedAll()).toEqual(NAMES.map((n) => (n === 'rl4' ? '200 good' : '200 three')))
    await push(NAMES, site('good'))
  })

  it('a lock held by another run is refused with its owner; a stale one of this controller is taken over', async () => {
    const foreign = 'alice@other-controller pid=4242 started=2026-01-01T00:00:00.000Z run=feedbeef'
    await lab.sh('rl2', `mkdir /run/fleet-reload.lock && echo '${foreign}' > /run/fleet-reload.lock/owner`)
    await push(NAMES, site('four'))
    const before = await servedAll()
    const refused = await fleet(['--batch', '6'])
    expect(refused.report, refused.stderr).not.toBeNull()
    expect(refused.code).not.toBe(0)
    const rl2 = refused.report!.hosts.find((h) => h.host === 'rl2')!
    expect(rl2.preflight!.problems.map((p) => p.code)).toEqual(['locked'])
    expect(rl2.reason).toContain(foreign)
    expect(await servedAll()).toEqual(before)
    // Ours were released; the foreign lock is left alone.
    expect(await locks()).toEqual(NAMES.map((n) => (n === 'rl2' ? `${foreign}\n` : 'none\n')))

    // A run of this controller that died: its pid no longer exists here.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {encoding: 'utf8'}).stdout
    const stale = `root@${hostname()} pid=${dead} started=2026-01-01T00:00:00.000Z run=0ddba11`
    await lab.sh('rl2', `echo '${stale}' > /run/fleet-reload.lock/owner`)
    const r = await fleet(['--batch', '6', '--settle', '1'])
    expect(r.report, r.stderr).not.toBeNull()
    expect(outcomes(r.report)).toEqual(Object.fromEntries(NAMES.map((n) => [n, 'reloaded'])))
    expect(r.report!.hosts.find((h) => h.host === 'rl2')!.preflight!.notes.join(' ')).toMatch(/took over a stale lock/)
    expect(await servedAll()).toEqual(NAMES.map(() => '200 four'))
    expect(await locks()).toEqual(NAMES.map(() => 'none\n'))
  })

  it('--max-fail 1 tolerates one failed host after the canary: it is rolled back, the rest goes on', async () => {
    await push(NAMES, site('tolerated'))
    await push(['rl2'], brokenPhp('tolerated'))
    const r = await fleet(['--batch', '1,5', '--max-fail', '1', '--settle', '1'])
    expect(r.report, r.stderr).not.toBeNull()
    expect(outcomes(r.report)).toEqual({rl1: 'reloaded', rl2: 'rolled-back', rl3: 'reloaded', rl4: 'reloaded', rl5: 'reloaded', rl6: 'reloaded'})
    expect(r.code).toBe(1)
    expect(await servedAll()).toEqual(NAMES.map((n) => (n === 'rl2' ? '200 four' : '200 tolerated')))
  })

  it('a host that dies mid-rollout fails, the rollout stops, hosts before it stay reloaded', async () => {
    await push(NAMES, site('five'))
    const rl3 = lab.hosts.find((h) => h.name === 'rl3')!
    let cut = false
    let reportedAt = 0
    const r = await fleet(['--batch', '1', '--settle', '1', '--command-timeout', '8'], (text, _child, stdout) => {
      if (!cut && text.includes('rl1: reloaded')) {
        cut = true
        // Its only link goes down: SSH sessions hang and time out, as with a dead machine.
        spawnSync('ip', ['-n', rl3.netns, 'link', 'set', 'eth0', 'down'])
      }
      if (cut && !reportedAt && stdout.trimEnd().endsWith('}')) {
        try {
          JSON.parse(stdout)
          reportedAt = Date.now()
        } catch {
          // Not the whole document yet.
        }
      }
    })
    // The host is still dead: a half-closed socket to it must not keep the process alive
    // after its report (it did, for minutes, before the transport destroyed such sockets).
    expect(reportedAt).toBeGreaterThan(0)
    expect(Date.now() - reportedAt).toBeLessThan(15_000)
    spawnSync('ip', ['-n', rl3.netns, 'link', 'set', 'eth0', 'up'])
    expect(cut).toBe(true)
    expect(r.report, r.stderr).not.toBeNull()
    expect(r.code).not.toBe(0)
    const o = outcomes(r.report)
    expect(o.rl1).toBe('reloaded')
    expect(o.rl3).toBe('failed')
    expect([o.rl4, o.rl5, o.rl6]).toEqual(['not-reached', 'not-reached', 'not-reached'])
    expect(r.report!.hosts.find((h) => h.host === 'rl3')!.reason).toMatch(/timeout|timed out|lock/i)
    expect((await served(lab.hosts[0].address))).toBe('200 five')
    expect(await served(lab.hosts[4].address)).toBe('200 tolerated')
    // The dead host kept our lock (nobody could remove it); clean up for the next test.
    expect(await lab.sh('rl3', 'cat /run/fleet-reload.lock/owner')).toMatch(new RegExp(`run=${r.report!.runId}`))
    await lab.sh('rl3', 'rm -rf /run/fleet-reload.lock')
  })

  it('Ctrl-C finishes the host in flight, stops, reports and releases every lock', async () => {
    await push(NAMES, site('six'))
    let sent = false
    const r = await fleet(['--batch', '1', '--settle', '3'], (text, child) => {
      if (!sent && text.includes('rl1: reloaded')) {
        sent = true
        // rl2 starts at once and takes over 3 s (settle): a second later it is surely in flight.
        setTimeout(() => child.kill('SIGINT'), 1000)
      }
    })
    expect(sent).toBe(true)
    expect(r.report, r.stderr).not.toBeNull()
    expect(r.report!.interrupted).toBe(true)
    expect(r.code).toBe(1)
    const o = outcomes(r.report)
    expect(o.rl1).toBe('reloaded')
    // The host in flight when Ctrl-C came was finished, not abandoned.
    expect(o.rl2).toBe('reloaded')
    expect(Object.values(o).filter((x) => x === 'not-reached').length).toBe(4)
    expect(r.stderr).toMatch(/interrupted: finishing the hosts in flight/)
    expect(await locks()).toEqual(NAMES.map(() => 'none\n'))
  })

  it('with no known-good record and files changed since the load, preflight refuses: nothing could be rolled back', async () => {
    await lab.sh('rl5', `rm -f /var/lib/fleet/nginx-good/current && touch ${SITE}`)
    const r = await fleet(['--dry-run', '--host', 'rl5', '--host', 'rl6'])
    expect(r.report, r.stderr).not.toBeNull()
    expect(r.code).not.toBe(0)
    const rl5 = r.report!.hosts.find((h) => h.host === 'rl5')!
    expect(rl5.preflight!.problems.map((p) => p.code)).toEqual(['no-rollback-point'])
    expect(rl5.preflight!.problems[0].evidence.join(' ')).toContain('/etc/nginx/sites-available')
  })
})
