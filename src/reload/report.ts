/**
 * `fleet reload` output: a table for people, the report object for `--json`. Text from hosts
 * (nginx errors, lock owners) goes through sanitizeForTerminal in the table.
 */
import Table from 'cli-table3'

import {sanitizeForTerminal} from '../report/sanitize.js'
import type {HostResult, ReloadOutcome, ReloadReport} from './types.js'

export const OUTCOMES: ReloadOutcome[] = ['reloaded', 'rolled-back', 'failed', 'skipped', 'not-reached']

const clean = (s: string, max: number): string => sanitizeForTerminal(s, {singleLine: true, maxLine: max})

export function summarizeOutcomes(hosts: HostResult[]): ReloadReport['summary'] {
  const summary = {hosts: hosts.length} as ReloadReport['summary']
  for (const o of OUTCOMES) summary[o] = hosts.filter((h) => h.outcome === o).length
  return summary
}

function configCell(h: HostResult): string {
  const from = h.preflight?.rollbackHash ?? '?'
  const to = h.preflight?.newHash ?? '?'
  return from === to ? from : `${from} -> ${to}`
}

/** Why, for the table: the reason, else the first preflight problem, else '-'. */
function reasonCell(h: HostResult): string {
  return h.reason ?? h.preflight?.problems[0]?.message ?? '-'
}

export function renderTable(report: ReloadReport, options: {reasonWidth?: number} = {}): string {
  const table = new Table({head: ['host', 'outcome', 'batch', 'config (rollback -> new)', 'why'], style: {head: [], border: []}})
  for (const h of report.hosts) {
    table.push([clean(h.host, 40), h.outcome, h.batch === null ? '-' : String(h.batch), configCell(h), clean(reasonCell(h), options.reasonWidth ?? 100)])
  }
  const lines = [table.toString()]
  // Every preflight problem, in full: the table cell shows only the first one.
  for (const h of report.hosts) {
    const problems = h.preflight?.problems ?? []
    if (problems.length > 1 || (problems.length === 1 && h.reason !== null && h.reason !== problems[0].message)) {
      for (const p of problems) lines.push(`${clean(h.host, 40)}: ${p.code}: ${clean(p.message, 300)}`)
    }
    for (const note of h.preflight?.notes ?? []) lines.push(`${clean(h.host, 40)}: note: ${clean(note, 300)}`)
  }
  lines.push(summaryLine(report))
  return lines.join('\n')
}

export function summaryLine(report: ReloadReport): string {
  const s = report.summary
  const parts = OUTCOMES.filter((o) => s[o] > 0).map((o) => `${s[o]} ${o}`)
  const head = report.dryRun ? 'dry run' : report.interrupted ? 'interrupted' : report.ok ? 'ok' : 'FAILED'
  return `${head}: ${s.hosts} host(s): ${parts.join(', ')} (run ${report.runId})`
}
