/**
 * The human fleet table: one row per host, then findings grouped by check with folded host
 * ranges, then a one-line summary. The report arrives sanitised (formats/index.ts); cells are
 * laid out on one line and capped here.
 */
import Table from 'cli-table3'
import type {Finding} from '../checks/types.js'
import {painter, STATUS_STYLE, type Paint} from './ansi.js'
import {groupFindings, type CheckGroup, type FindingFilter} from './group-findings.js'
import {capLine, sanitizeForTerminal} from './sanitize.js'
import {counts, summaryLine, worstFinding} from './status.js'
import type {SafeReport} from './formats/types.js'
import type {FleetReport, HostReport} from './types.js'

export interface TableOptions {
  color: boolean
  /** Terminal columns; without it cells are capped but the table may be wider. */
  width?: number
}

export const EVIDENCE_LINES = 3
const SHORT_MESSAGE = 60
const HEAD = ['host', 'status', 'nginx', 'FPM', 'config test', 'sockets', 'worst finding', 'cause']

const clean = (s: string, max = SHORT_MESSAGE): string => sanitizeForTerminal(s, {singleLine: true, maxLine: max})

/** The worst finding by its ID only (the cause column and the findings below carry the words). */
function worstCell(host: HostReport): string {
  const f = worstFinding(host)
  if (!f) return host.error ? host.error.kind : '-'
  const others = host.findings.filter((other) => other !== f && counts(other) && other.severity !== 'info').length
  return others > 0 ? `${f.check} +${others}` : f.check
}

function hostRow(host: HostReport, paint: Paint): string[] {
  const c = host.columns
  return [
    clean(host.host, 40),
    paint(STATUS_STYLE[host.status], host.status),
    clean(c.nginx, 12),
    clean(c.fpm, 12),
    clean(c.configTest, 12),
    clean(c.sockets, 12),
    worstCell(host),
    host.cause ? clean(host.cause, 100) : '-',
  ]
}

/** Fixed columns as wide as their content; the two prose columns share what is left. */
function columnWidths(rows: string[][], width: number): number[] {
  const visibleLength = (s: string): number => [...s.replace(/\u001b\[[0-9;]*m/g, '')].length
  const fixed = HEAD.slice(0, 6).map((h, i) => Math.max(h.length, ...rows.map((r) => visibleLength(r[i]))) + 2)
  const worstWidth = Math.max(HEAD[6].length, ...rows.map((r) => visibleLength(r[6]))) + 2
  const rest = Math.max(24, width - fixed.reduce((a, b) => a + b, 0) - worstWidth - (HEAD.length + 1))
  return [...fixed, worstWidth, rest]
}

function fleetTable(report: FleetReport, options: TableOptions, paint: Paint): string {
  const rows = report.hosts.map((h) => hostRow(h, paint))
  const table = new Table({
    head: HEAD.map((h) => paint('bold', h)),
    // Compact: no rule between rows, so a fleet of 50 hosts is 50 lines, not 150.
    style: {head: [], border: [], compact: true},
    ...(options.width ? {colWidths: columnWidths(rows, options.width), wordWrap: true} : {}),
  })
  for (const row of rows) table.push(row)
  return table.toString()
}

function evidenceLines(evidence: string[], indent: string, paint: Paint): string[] {
  const shown = evidence.slice(0, EVIDENCE_LINES).map((l) => paint('dim', `${indent}> ${clean(l, 160)}`))
  if (evidence.length > EVIDENCE_LINES) shown.push(paint('dim', `${indent}  (${evidence.length - EVIDENCE_LINES} more lines)`))
  return shown
}

function tag(m: {change?: Finding['change']; previousSeverity?: Finding['severity']}, severity: Finding['severity'], paint: Paint): string {
  // A severity change is one finding that changed, not one new and one resolved.
  if (m.change === 'changed' && m.previousSeverity) return ` ${paint('cyan', `[changed: ${m.previousSeverity} -> ${severity}]`)}`
  return m.change === 'added' ? ` ${paint('cyan', '[new]')}` : ''
}

function checkBlock(group: CheckGroup, paint: Paint): string[] {
  const hostCount = new Set(group.messages.flatMap((m) => m.hosts)).size
  const label = paint(STATUS_STYLE[group.severity], group.severity.toUpperCase())
  const lines = [`${label}  ${paint('bold', clean(group.check))}  (${hostCount} host${hostCount === 1 ? '' : 's'})`]
  const fixes = new Set(group.messages.map((m) => m.fix))
  for (const m of group.messages) {
    lines.push(`  ${capLine(m.folded.map((h) => clean(h, 60)).join(', '), 100)}: ${clean(m.message, 200)}${tag(m, group.severity, paint)}`)
    if (m.waived) lines.push(`    waived until ${m.waived.expires}: ${clean(m.waived.justification, 160)} (${clean(m.waived.source, 120)})`)
    lines.push(...evidenceLines(m.evidence, '    ', paint))
    if (fixes.size > 1 && m.fix) lines.push(`    fix: ${clean(m.fix, 200)}`)
  }
  if (fixes.size === 1 && group.messages[0].fix) lines.push(`  fix: ${clean(group.messages[0].fix, 200)}`)
  return lines
}

function section(title: string, report: FleetReport, include: FindingFilter, paint: Paint): string[] {
  const groups = groupFindings(report, include)
  if (groups.length === 0) return []
  return ['', paint('bold', title), ...groups.flatMap((g) => ['', ...checkBlock(g, paint)])]
}

export function renderTable(report: SafeReport, options: TableOptions): string {
  const paint = painter(options.color)
  const lines = [
    fleetTable(report, options, paint),
    ...section('Findings', report, counts, paint),
    ...section('Waived', report, (f) => f.waived !== undefined && f.change !== 'removed', paint),
    ...section('Resolved since the last run', report, (f) => f.change === 'removed', paint),
    '',
    summaryLine(report),
  ]
  return `${lines.join('\n')}\n`
}
