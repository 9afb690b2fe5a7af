import {describe, expect, it} from 'vitest'

import {auditRecord} from '../../../src/reload/audit.js'
import {summarizeOutcomes} from '../../../src/reload/report.js'
import type {HostResult, ReloadReport} from '../../../src/reload/types.js'

const host: HostResult = {
  host: 'web01',
  address: '10.0.0.1',
  outcome: 'failed',
  reason: 'health: 200 before, 404 after; not rolled back (--without-rollback, no rollback point): the host is left on the new config bbbbbbbbbbbbbbbb',
  batch: 1,
  preflight: {ok: true, problems: [], newHash: 'bbbbbbbbbbbbbbbb', rollbackHash: null, rollbackSource: null, confDir: '/etc/nginx', baseline: [], notes: []},
  reload: null,
  rollback: null,
  withoutRollback: true,
  durationMs: 1,
}

describe('reload audit record', () => {
  it('keeps that the run went without rollback, and which host had none', () => {
    const report: ReloadReport = {
      version: 1, runId: 'r1', operator: 'ops@ctl', startedAt: '', finishedAt: 't', dryRun: false, withoutRollback: true, notRolledBack: ['web01'],
      interrupted: false, batches: [['web01']], maxFail: '0', hosts: [host], summary: summarizeOutcomes([host]), ok: false,
    }
    const record = auditRecord(report)
    expect(record.withoutRollback).toBe(true)
    expect(record.hosts).toEqual([{host: 'web01', outcome: 'failed', from: null, to: 'bbbbbbbbbbbbbbbb', withoutRollback: true, reason: host.reason}])
  })
})
