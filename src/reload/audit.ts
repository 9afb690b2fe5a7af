/**
 * The audit trail: one JSON line per run appended under the controller's state dir, and one syslog
 * line per host (`logger -t fleet-reload`), so both sides can answer "who reloaded what, when".
 */
import {appendFile, mkdir} from 'node:fs/promises'
import {homedir} from 'node:os'
import {join} from 'node:path'

import type {ReloadReport} from './types.js'

/** `$XDG_STATE_HOME/fleet/reload-audit.jsonl`, XDG's default state home being ~/.local/state. */
export function auditPath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_STATE_HOME && env.XDG_STATE_HOME.startsWith('/') ? env.XDG_STATE_HOME : join(homedir(), '.local', 'state')
  return join(base, 'fleet', 'reload-audit.jsonl')
}

export interface AuditRecord {
  time: string
  run: string
  operator: string
  dryRun: boolean
  /** --without-rollback was given: who chose to reload with nothing to roll back to is on record. */
  withoutRollback: boolean
  interrupted: boolean
  outcome: 'ok' | 'failed'
  hosts: Array<{host: string; outcome: string; from: string | null; to: string | null; withoutRollback: boolean; reason: string | null}>
}

export function auditRecord(report: ReloadReport): AuditRecord {
  return {
    time: report.finishedAt,
    run: report.runId,
    operator: report.operator,
    dryRun: report.dryRun,
    withoutRollback: report.withoutRollback,
    interrupted: report.interrupted,
    outcome: report.ok ? 'ok' : 'failed',
    hosts: report.hosts.map((h) => ({
      host: h.host,
      outcome: h.outcome,
      from: h.preflight?.rollbackHash ?? null,
      to: h.preflight?.newHash ?? null,
      withoutRollback: h.withoutRollback,
      reason: h.reason,
    })),
  }
}

export async function appendAudit(report: ReloadReport, file = auditPath()): Promise<string> {
  await mkdir(join(file, '..'), {recursive: true})
  await appendFile(file, `${JSON.stringify(auditRecord(report))}\n`, {mode: 0o600})
  return file
}

/** The syslog line for one host; keys are plain words so `grep run=ID` works. */
export function syslogLine(run: string, operator: string, outcome: string, from: string | null, to: string | null, reason: string | null): string {
  const parts = [`run=${run}`, `by=${operator}`, `outcome=${outcome}`, `from=${from ?? '-'}`, `to=${to ?? '-'}`]
  if (reason) parts.push(`reason=${reason.replace(/\s+/g, ' ').slice(0, 300)}`)
  return parts.join(' ')
}
