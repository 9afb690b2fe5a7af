/**
 * `fleet reload` output: a table for people, the confirmation prompt, progress lines, and the
 * report object for `--json`. Every one of them starts from sanitizeDeep(report): host names,
 * hashes, lock owners, nginx errors, methods and error lines are host text (src/report/sanitize.ts).
 */
import Table from 'cli-table3'

import {oneLine, sanitizeDeep, type Sanitized} from '../report/sanitize.js'
import type {HostResult, ReloadOutcome, ReloadReport} from './types.js'

export const OUTCOMES: ReloadOutcome[] = ['reloaded', 'rolled-back', 'failed', 'skipped', 'not-reached']

const clean = (s: string, max: number): string => oneLine(s, max)

export type SafeReloadReport = Sanitized<ReloadReport>

/** The report as every output shows it: each string, at any depth, through the one sanitiser. */
export function sanitizeReloadReport(report: ReloadReport): SafeReloadReport {
  return sanitizeDeep(report)
}

export function summarizeOutcomes(hosts: HostResult[]): ReloadReport['summary'] {
  const summary = {hosts: hosts.length} as ReloadReport['summary']
  for (const o of OUTCOMES) summary[o] = hosts.filter((h) => h.outcome === o).length
  return summary
}

function configCell(h: HostResult): string {
  const from = h.withoutRollback ? 'none' : clean(h.preflight?.rollbackHash ?? '?', 40)
  const to = clean(h.preflight?.newHash ?? '?', 40)
  return from === to ? from : `${from} -> ${to}`
}

/** Why, for the table: the reason, else the first preflight problem, else '-'. */
function reasonCell(h: HostResult): string {
  return h.reason ?? h.preflight?.problems[0]?.message ?? '-'
}

export function renderTable(raw: ReloadReport, options: {reasonWidth?: number} = {}): string {
  const report = sanitizeReloadReport(raw)
  const table = new Table({head: ['host', 'outcome', 'batch', 'config (rollback -> new)', 'why'], style: {head: [], border: []}})
  for (const h of report.hosts) {
    table.push([clean(h.host, 40), clean(h.outcome, 20), h.batch === null ? '-' : String(h.batch), configCell(h), clean(reasonCell(h), options.reasonWidth ?? 100)])
  }
  const lines = [table.toString()]
  // Every preflight problem, in full: the table cell shows only the first one.
  for (const h of report.hosts) {
    const problems = h.preflight?.problems ?? []
    if (problems.length > 1 || (problems.length === 1 && h.reason !== null && h.reason !== problems[0].message)) {
      for (const p of problems) lines.push(`${clean(h.host, 40)}: ${clean(p.code, 40)}: ${clean(p.message, 300)}`)
    }
    for (const note of h.preflight?.notes ?? []) lines.push(`${clean(h.host, 40)}: note: ${clean(note, 300)}`)
  }
  if (report.notRolledBack.length > 0) {
    lines.push(`not rolled back (--without-rollback): ${report.notRolledBack.map((h) => clean(h, 40)).join(', ')}: left on the new config after a failed verification`)
  }
  lines.push(summaryLine(report))
  return lines.join('\n')
}

/**
 * The risk of --without-rollback, said before anything is reloaded (at the prompt, or on stderr
 * under --yes); null when no host of the plan runs without a rollback point.
 */
export function riskLine(raw: ReloadReport): string | null {
  const plan = sanitizeReloadReport(raw)
  const planned = new Set(plan.batches.flat())
  const bare = plan.hosts.filter((h) => h.withoutRollback && planned.has(h.host)).map((h) => clean(h.host, 40))
  if (bare.length === 0) return null
  const canary = plan.batches[0]?.length ?? 0
  const cap = canary === 1 ? 'the canary caps the damage to one host' : `the canary batch caps the damage to ${canary} hosts`
  return `RISK (--without-rollback): ${bare.length} host(s) have no rollback point (${bare.join(', ')}): a reload that fails verification there cannot be undone and leaves the host on the new config; the rollout stops at the first failure and ${cap}`
}

/** The question at the confirmation prompt, with the batches it would run. */
export function confirmationPrompt(raw: ReloadReport): string {
  const plan = sanitizeReloadReport(raw)
  const batches = plan.batches.map((b, i) => `  batch ${i + 1}: ${b.map((h) => clean(h, 40)).join(', ')}`).join('\n')
  const risk = riskLine(raw)
  return `${batches}\n${risk === null ? '' : `${risk}\n`}Reload ${plan.batches.flat().length} host(s) in ${plan.batches.length} batch(es)? [y/N] `
}

/** One progress line on stderr as a host finishes: `batch N: HOST: OUTCOME`. */
export function progressLine(raw: HostResult): string {
  const h = sanitizeDeep(raw)
  return `batch ${h.batch}: ${clean(h.host, 40)}: ${clean(h.outcome, 20)}\n`
}

export function summaryLine(raw: ReloadReport): string {
  const report = sanitizeReloadReport(raw)
  const s = report.summary
  const parts = OUTCOMES.filter((o) => s[o] > 0).map((o) => `${s[o]} ${o}`)
  const head = report.dryRun ? 'dry run' : report.interrupted ? 'interrupted' : report.ok ? 'ok' : 'FAILED'
  return `${head}: ${s.hosts} host(s): ${parts.join(', ')} (run ${clean(report.runId, 40)})`
}
