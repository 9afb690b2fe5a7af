import {describe, expect, it} from 'vitest'

import {allowWithoutRollback} from '../../../src/reload/preflight.js'
import {confirmationPrompt, renderTable, riskLine, summarizeOutcomes} from '../../../src/reload/report.js'
import type {HostResult, ReloadReport} from '../../../src/reload/types.js'

function host(name: string, outcome: HostResult['outcome'], reason: string | null, batch: number | null): HostResult {
  return {
    host: name,
    address: '10.0.0.1',
    outcome,
    reason,
    batch,
    preflight: {ok: true, problems: [], newHash: 'bbbb', rollbackHash: 'aaaa', rollbackSource: 'known-good', confDir: '/etc/nginx', baseline: [], notes: []},
    reload: null,
    rollback: null,
    withoutRollback: false,
    durationMs: 10,
  }
}

function report(hosts: HostResult[]): ReloadReport {
  return {
    version: 1,
    runId: 'r1',
    operator: 'ops@ctl',
    startedAt: '',
    finishedAt: '',
    dryRun: false,
    withoutRollback: false,
    notRolledBack: [],
    interrupted: false,
    batches: [],
    maxFail: '0',
    hosts,
    summary: summarizeOutcomes(hosts),
    ok: hosts.every((h) => h.outcome === 'reloaded'),
  }
}

describe('reload report', () => {
  it('counts outcomes', () => {
    const s = summarizeOutcomes([host('a', 'reloaded', null, 1), host('b', 'rolled-back', 'x', 1), host('c', 'not-reached', 'y', 2)])
    expect(s).toEqual({hosts: 3, reloaded: 1, 'rolled-back': 1, failed: 0, skipped: 0, 'not-reached': 1})
  })
  it('shows each host, its outcome, config hashes and why', () => {
    const text = renderTable(report([host('web01', 'rolled-back', 'health http://shop.test:80/: 200 before, 404 after', 1), host('web02', 'not-reached', 'not reached: rollout stopped', 2)]))
    expect(text).toMatch(/web01.*rolled-back.*aaaa -> bbbb.*200 before, 404 after/)
    expect(text).toMatch(/web02.*not-reached/)
    expect(text.split('\n').pop()).toBe('FAILED: 2 host(s): 1 rolled-back, 1 not-reached (run r1)')
  })
  it('strips terminal escapes from host text', () => {
    const text = renderTable(report([host('web01', 'failed', 'nginx -t: \u001b[31mred\u001b]0;title\u0007', null)]))
    expect(text).not.toContain('\u001b]0;')
    expect(text).toContain('red')
  })
  it('lists every preflight problem when a host has several', () => {
    const h = host('web03', 'failed', 'preflight: a; b', null)
    h.preflight!.problems = [
      {code: 'config-invalid', message: 'nginx -t: [emerg] x in /etc/nginx/a.conf:3', evidence: []},
      {code: 'socket-missing', message: '/etc/nginx/b.conf:9: unix:/run/x.sock: no process listens on this socket', evidence: []},
    ]
    const text = renderTable(report([h]))
    expect(text).toContain('web03: config-invalid: nginx -t: [emerg] x in /etc/nginx/a.conf:3')
    expect(text).toContain('web03: socket-missing: /etc/nginx/b.conf:9')
  })
})

describe('--without-rollback in the report', () => {
  const bare = (name: string, outcome: HostResult['outcome'], batch: number | null) => ({...host(name, outcome, null, batch), withoutRollback: true})
  it('states the risk at the prompt, naming the hosts with no rollback point and the canary cap', () => {
    const plan = {...report([bare('web01', 'not-reached', 1), host('web02', 'not-reached', null, 2), bare('web03', 'not-reached', 2)]), batches: [['web01'], ['web02', 'web03']], withoutRollback: true}
    expect(riskLine(plan)).toMatch(/^RISK \(--without-rollback\): 2 host\(s\) have no rollback point \(web01, web03\): .*cannot be undone.*stops at the first failure and the canary caps the damage to one host$/)
    expect(confirmationPrompt(plan)).toContain(`\n${riskLine(plan)}\nReload 3 host(s) in 2 batch(es)? [y/N] `)
  })
  it('says nothing when every planned host has a rollback point', () => {
    const plan = {...report([host('web01', 'not-reached', null, 1)]), batches: [['web01']], withoutRollback: true}
    expect(riskLine(plan)).toBeNull()
    expect(confirmationPrompt(plan)).not.toContain('RISK')
  })
  it('the table names the hosts left on the new config, and shows no rollback hash for them', () => {
    const r = {...report([bare('web01', 'failed', 1), bare('web02', 'not-reached', 2)]), withoutRollback: true, notRolledBack: ['web01']}
    const text = renderTable(r)
    expect(text).toMatch(/web01.*failed.*none -> bbbb/)
    expect(text).toContain('not rolled back (--without-rollback): web01: left on the new config after a failed verification')
  })
  it('preflight: no-rollback-point problems become notes, other problems stay, the rollback hash is dropped', () => {
    const pre = host('x', 'not-reached', null, null).preflight!
    pre.problems = [
      {code: 'no-rollback-point', message: '/srv/app/site.conf (included by the config) cannot be restored safely: /srv/app is writable by a user other than root', evidence: []},
      {code: 'socket-missing', message: 's', evidence: []},
    ]
    expect(allowWithoutRollback(pre)).toBe(true)
    expect(pre.problems.map((p) => p.code)).toEqual(['socket-missing'])
    expect(pre.notes[0]).toMatch(/^no rollback point, reloaded anyway \(--without-rollback\): \/srv\/app\/site.conf/)
    expect([pre.rollbackHash, pre.rollbackSource]).toEqual([null, null])
    expect(allowWithoutRollback(pre)).toBe(false)
  })
})
