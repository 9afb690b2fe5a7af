/**
 * The human view. By default one line per host that is not ok (name, status, the cause in
 * words) sized to the terminal, then the one-line summary: 31 hosts are at most 31 lines.
 * Verbose (-v, --host) adds every host's line and the finding blocks: findings grouped by
 * check with folded host ranges. The report arrives sanitised (formats/index.ts). Host lines
 * are fit to the terminal's width when there is a terminal; piped output is never cut to a
 * width, and nothing is ever wrapped here.
 */
import {SEVERITY_RANK, type Finding, type Severity} from '../checks/types.js'
import {painter, STATUS_STYLE, type Paint} from './ansi.js'
import {groupFindings, type CheckGroup, type FindingFilter} from './group-findings.js'
import {capLine, sanitizeForTerminal} from './sanitize.js'
import {counts, PARTIAL_CHECK, summaryLine, worstFinding} from './status.js'
import type {SafeReport} from './formats/types.js'
import type {FleetReport, HostReport, HostStatus} from './types.js'

export interface TableView {
  /** Every host's line and the finding blocks (-v, or hosts named with --host). */
  verbose?: boolean
  /** 'all' prints every evidence line instead of the first EVIDENCE_LINES. */
  evidence?: 'some' | 'all'
  /** Findings below this severity are hidden, and so are hosts whose status is below it. */
  minSeverity?: Severity
}

export interface TableOptions {
  color: boolean
  /** Terminal columns; without it (piped, --output) lines are never cut to a width. */
  width?: number
  view?: TableView
}

export const EVIDENCE_LINES = 3
/** Longest line of a message or evidence when there is no terminal to fit. */
const UNBOUNDED = 400
/** Evidence lines are capped unless --evidence all asks for them whole. */
const EVIDENCE_LINE = 160
const STATUS_WIDTH = 'unreachable'.length

const clean = (s: string, max: number): string => sanitizeForTerminal(s, {singleLine: true, maxLine: max})

/** What is wrong with a host in one phrase: its root cause, its transport error, or why it is partial. */
function hostReason(host: HostReport): string {
  if (host.status === 'ok') return ''
  if (host.status === 'unreachable' && host.error) return `${host.error.kind}: ${host.error.message}`
  if (host.cause) return host.cause
  const partial = host.findings.find((f) => f.check === PARTIAL_CHECK && counts(f))
  // What was skipped first: on a terminal the line is cut at its end.
  if (partial) return `${partial.check} (skipped ${[...new Set(host.skipped.map((s) => s.check))].join(', ')}): ${partial.message}`
  const worst = worstFinding(host)
  return worst ? `${worst.check}: ${worst.message}` : ''
}

const STATUS_RANK: Record<HostStatus, number> = {ok: 0, info: 1, warning: 2, critical: 3, unreachable: 3}

function shownHost(host: HostReport, view: TableView): boolean {
  if (view.verbose) return true
  if (host.status === 'ok') return false
  return STATUS_RANK[host.status] >= SEVERITY_RANK[view.minSeverity ?? 'info']
}

function hostLines(report: FleetReport, view: TableView, width: number | undefined, paint: Paint): string[] {
  const hosts = report.hosts.filter((h) => shownHost(h, view))
  if (hosts.length === 0) return []
  const names = hosts.map((h) => clean(h.host, 40))
  const nameWidth = Math.max(...names.map((n) => [...n].length))
  return hosts.map((host, i) => {
    const prefix = `${names[i].padEnd(nameWidth)}  `
    const reason = hostReason(host)
    const room = width === undefined ? UNBOUNDED : Math.max(10, width - nameWidth - 2 - STATUS_WIDTH - 2)
    const text = reason ? `  ${clean(reason, room)}` : ''
    const pad = reason ? ' '.repeat(STATUS_WIDTH - host.status.length) : ''
    return `${prefix}${paint(STATUS_STYLE[host.status], host.status)}${pad}${text}`
  })
}

function evidenceLines(evidence: string[], indent: string, view: TableView, paint: Paint): string[] {
  const all = view.evidence === 'all'
  const limit = all ? evidence.length : EVIDENCE_LINES
  const shown = evidence.slice(0, limit).map((l) => paint('dim', `${indent}> ${clean(l, all ? UNBOUNDED : EVIDENCE_LINE)}`))
  if (evidence.length > limit) shown.push(paint('dim', `${indent}  (${evidence.length - limit} more line${evidence.length - limit === 1 ? '' : 's'}; --evidence all shows them)`))
  return shown
}

function tag(m: {change?: Finding['change']; previousSeverity?: Finding['severity']}, severity: Finding['severity'], paint: Paint): string {
  // A severity change is one finding that changed, not one new and one resolved.
  if (m.change === 'changed' && m.previousSeverity) return ` ${paint('cyan', `[changed: ${m.previousSeverity} -> ${severity}]`)}`
  return m.change === 'added' ? ` ${paint('cyan', '[new]')}` : ''
}

/** A block is read, not scanned: messages and fixes are whole (the terminal wraps them). */
function checkBlock(group: CheckGroup, view: TableView, paint: Paint): string[] {
  const hostCount = new Set(group.messages.flatMap((m) => m.hosts)).size
  const label = paint(STATUS_STYLE[group.severity], group.severity.toUpperCase())
  const lines = [`${label}  ${paint('bold', clean(group.check, 80))}  (${hostCount} host${hostCount === 1 ? '' : 's'})`]
  const fixes = new Set(group.messages.map((m) => m.fix))
  for (const m of group.messages) {
    lines.push(`  ${capLine(m.folded.map((h) => clean(h, 60)).join(', '), 100)}: ${clean(m.message, UNBOUNDED)}${tag(m, group.severity, paint)}`)
    if (m.waived) lines.push(`    waived until ${m.waived.expires}: ${clean(m.waived.justification, 160)} (${clean(m.waived.source, 120)})`)
    lines.push(...evidenceLines(m.evidence, '    ', view, paint))
    if (fixes.size > 1 && m.fix) lines.push(`    fix: ${clean(m.fix, UNBOUNDED)}`)
  }
  if (fixes.size === 1 && group.messages[0].fix) lines.push(`  fix: ${clean(group.messages[0].fix, UNBOUNDED)}`)
  return lines
}

function section(title: string, report: FleetReport, include: FindingFilter, view: TableView, paint: Paint): string[] {
  const atLeast = (f: Finding) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[view.minSeverity ?? 'info']
  const groups = groupFindings(report, (f) => include(f) && atLeast(f))
  if (groups.length === 0) return []
  return ['', paint('bold', title), ...groups.flatMap((g) => ['', ...checkBlock(g, view, paint)])]
}

export function renderTable(report: SafeReport, options: TableOptions): string {
  const paint = painter(options.color)
  const view = options.view ?? {}
  const width = options.width && options.width > 0 ? options.width : undefined
  const lines = hostLines(report, view, width, paint)
  if (view.verbose) {
    lines.push(
      ...section('Findings', report, counts, view, paint),
      ...section('Waived', report, (f) => f.waived !== undefined && f.change !== 'removed', view, paint),
      ...section('Resolved since the last run', report, (f) => f.change === 'removed', view, paint),
    )
  } else {
    const resolved = report.hosts.reduce((n, h) => n + h.findings.filter((f) => f.change === 'removed').length, 0)
    if (resolved > 0) lines.push('', `${resolved} finding${resolved === 1 ? '' : 's'} resolved since the last run (-v lists them)`)
  }
  if (lines.length > 0) lines.push('')
  lines.push(summaryLine(report))
  return `${lines.join('\n')}\n`
}
