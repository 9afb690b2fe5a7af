/**
 * `fleet reload`'s outputs with hostile host text in every field a host can influence: host
 * names, addresses, config hashes (rollback -> new), lock owners, nginx errors, the reload
 * method, verification failures and error lines, health targets, notes, batches.
 */
import {describe, expect, it} from 'vitest'

import {confirmationPrompt, progressLine, renderTable, sanitizeReloadReport, summarizeOutcomes} from '../../src/reload/report.js'
import type {HostResult, ReloadReport, VerifyResult} from '../../src/reload/types.js'
import {firstForbidden, poison, VISIBLE} from './hostile.js'

function verify(ok: boolean): VerifyResult {
  return {
    ok,
    failures: ok ? [] : ['error log gained: 2024/05/14 10:02:11 [emerg] 77#77: bind() to 0.0.0.0:80 failed'],
    method: 'systemctl reload nginx',
    masterBefore: 411,
    masterAfter: 411,
    workersBefore: [412, 413],
    workersAfter: [520, 521],
    errorLines: ['2024/05/14 10:02:11 [emerg] 77#77: bind() to 0.0.0.0:80 failed (98: Address already in use)'],
    health: [{target: {scheme: 'http', address: '127.0.0.1', port: 80, host: 'shop.test', path: '/'}, status: 200, class: '2xx'}],
  }
}

function host(name: string, outcome: HostResult['outcome'], reason: string | null, batch: number | null): HostResult {
  return {
    host: name,
    address: '10.0.0.11',
    outcome,
    reason,
    batch,
    preflight: {
      ok: outcome !== 'failed',
      problems:
        outcome === 'failed'
          ? [
              {code: 'locked', message: 'locked by ops@ctl pid=4242 started=2024-05-14T10:00:00Z run=abc', evidence: ['ops@ctl pid=4242 started=2024-05-14T10:00:00Z run=abc']},
              {code: 'config-invalid', message: 'nginx -t: [emerg] unknown directive "x" in /etc/nginx/sites-enabled/app:3', evidence: ['nginx: [emerg] unknown directive "x"']},
            ]
          : [],
      newHash: '0123456789abcdef',
      rollbackHash: 'fedcba9876543210',
      rollbackSource: 'known-good',
      confDir: '/etc/nginx',
      baseline: [{target: {scheme: 'http', address: '127.0.0.1', port: 80, host: 'shop.test', path: '/healthz'}, status: 200, class: '2xx'}],
      notes: ['included file outside the config dir is not snapshotted: /srv/shared/nginx/common.conf'],
    },
    reload: outcome === 'failed' ? null : verify(outcome === 'reloaded'),
    rollback: outcome === 'rolled-back' ? verify(true) : null,
    withoutRollback: outcome === 'failed',
    durationMs: 1200,
  }
}

function hostileReload(): ReloadReport {
  const hosts = [host('web01', 'reloaded', null, 1), host('web02', 'rolled-back', 'verification failed: new [emerg] line', 1), host('web03', 'failed', 'preflight: locked; config-invalid', null)]
  const report: ReloadReport = {
    version: 1,
    runId: 'r-20240514-1',
    operator: 'ops@controller',
    startedAt: '2024-05-14T10:00:00.000Z',
    finishedAt: '2024-05-14T10:01:00.000Z',
    dryRun: false,
    withoutRollback: true,
    notRolledBack: ['web03'],
    interrupted: false,
    batches: [['web01', 'web02'], ['web03']],
    maxFail: '0',
    hosts,
    summary: summarizeOutcomes(hosts),
    ok: false,
  }
  return poison(report)
}

function clean(text: string): void {
  expect(firstForbidden(text)).toBeNull()
  for (const [what, visible] of VISIBLE) expect(text, what).toMatch(visible)
}

describe('fleet reload output with hostile host text', () => {
  it('the table: hashes, hosts, reasons, problems and notes', () => {
    const text = renderTable(hostileReload())
    clean(text)
    // The hash cell shows both hashes, visibly escaped.
    expect(text).toMatch(/fedcba9876543210\\x1b/)
  })

  it('the confirmation prompt (table and question)', () => {
    const plan = hostileReload()
    clean(`${renderTable(plan)}\n${confirmationPrompt(plan)}`)
    expect(confirmationPrompt(plan)).toMatch(/^ {2}batch 1: web01\\x1b/)
  })

  it('the progress lines', () => {
    for (const h of hostileReload().hosts) clean(progressLine(h))
  })

  it('--json: the same fields and shape, only the characters change', () => {
    const raw = hostileReload()
    const json = JSON.stringify(sanitizeReloadReport(raw))
    clean(json)
    const parsed = JSON.parse(json)
    expect(Object.keys(parsed)).toEqual(Object.keys(raw))
    expect(Object.keys(parsed.hosts[1].reload)).toEqual(Object.keys(raw.hosts[1].reload!))
    expect(parsed.hosts[1].reload.workersAfter).toEqual([520, 521])
  })
})
