/**
 * One self-contained HTML file: the fleet as a matrix of hosts (rows) by checks (columns),
 * identical rows folded into host ranges, each row's likely cause, headers that stay in view,
 * a text filter, details for each finding, and (when the run read history) a timeline per host.
 * The report arrives sanitised (formats/index.ts); escapeHtml adds only HTML entities and layout.
 */
import {SEVERITY_RANK, type Finding} from '../../checks/types.js'
import {foldHosts} from '../fold-hosts.js'
import {escapeHtml} from '../sanitize.js'
import {counts, summaryLine, worstSeverity} from '../status.js'
import type {FleetReport, HostReport} from '../types.js'
import {HTML_CSS, HTML_SCRIPT} from './html-style.js'
import {renderTimeline} from './html-timeline.js'
import type {FormatContext, FormatDefinition, SafeReport} from './types.js'

interface Row {
  hosts: HostReport[]
  label: string
}

const shown = (f: Finding): boolean => f.change !== 'removed'

/** Columns: every check with a finding, the most severe first. */
function columns(report: FleetReport): string[] {
  const worst = new Map<string, number>()
  for (const h of report.hosts) for (const f of h.findings.filter(shown)) {
    worst.set(f.check, Math.max(worst.get(f.check) ?? 0, SEVERITY_RANK[f.severity]))
  }
  return [...worst.keys()].sort((a, b) => (worst.get(b) ?? 0) - (worst.get(a) ?? 0) || a.localeCompare(b))
}

/** Hosts whose rows would read the same (status, cause, error, every finding) share one row. */
function rows(report: FleetReport): Row[] {
  const bySignature = new Map<string, HostReport[]>()
  for (const h of report.hosts) {
    const findings = h.findings.filter(shown).map((f) => [f.check, f.severity, f.message, f.waived?.source ?? '', f.evidence, f.fix])
    const signature = JSON.stringify([h.status, h.cause, h.error, findings.sort(), h.skipped])
    const list = bySignature.get(signature) ?? []
    list.push(h)
    bySignature.set(signature, list)
  }
  return [...bySignature.values()].map((hosts) => ({hosts, label: foldHosts(hosts.map((h) => h.host)).join(', ')}))
}

function cell(row: Row, check: string, rowIndex: number): string {
  const h = row.hosts[0]
  const findings = h.findings.filter((f) => f.check === check && shown(f))
  const anchor = `f-${rowIndex}-${encodeURIComponent(check).replace(/%/g, '_')}`
  if (findings.length === 0) {
    const skip = h.skipped.find((s) => s.check === check)
    return skip ? `<td class="sev-skipped" title="${escapeHtml(skip.reason)}">skipped</td>` : '<td></td>'
  }
  const counted = findings.filter(counts)
  const severity = worstSeverity(counted)
  const cls = severity ? `sev-${severity}` : 'sev-waived'
  const label = severity ?? 'waived'
  const title = escapeHtml(findings.map((f) => f.message).join('\n'), {maxLine: 300})
  return `<td class="${cls}" title="${title}"><a href="#${anchor}">${label}${findings.length > 1 ? ` ×${findings.length}` : ''}</a></td>`
}

function searchText(row: Row): string {
  const h = row.hosts[0]
  const parts = [row.label, h.status, h.cause ?? '', ...h.findings.filter(shown).flatMap((f) => [f.check, f.message])]
  return escapeHtml(parts.join(' ').toLowerCase(), {singleLine: true, maxLine: 4000})
}

function details(row: Row, rowIndex: number): string {
  const h = row.hosts[0]
  const out: string[] = []
  const byCheck = new Map<string, Finding[]>()
  for (const f of h.findings.filter(shown)) byCheck.set(f.check, [...(byCheck.get(f.check) ?? []), f])
  for (const [check, findings] of byCheck) {
    const anchor = `f-${rowIndex}-${encodeURIComponent(check).replace(/%/g, '_')}`
    for (const [i, f] of findings.entries()) {
      const waived = f.waived
        ? `<p>Waived until ${escapeHtml(f.waived.expires)}: ${escapeHtml(f.waived.justification)} (${escapeHtml(f.waived.source)})</p>`
        : ''
      const evidence = f.evidence.length > 0 ? `<pre>${escapeHtml(f.evidence.join('\n'))}</pre>` : ''
      const cause = h.cause ? `<p><strong>Cause:</strong> ${escapeHtml(h.cause)}</p>` : ''
      const text = escapeHtml(`${row.label} ${f.check} ${f.message}`.toLowerCase(), {singleLine: true, maxLine: 4000})
      out.push(
        `<details class="finding ${f.severity}"${i === 0 ? ` id="${anchor}"` : ''} data-text="${text}">` +
          `<summary><strong>${f.waived ? 'waived' : f.severity}</strong> <code>${escapeHtml(f.check)}</code> ${escapeHtml(row.label)}: ${escapeHtml(f.message)}${f.change === 'added' ? ' <em>new</em>' : ''}</summary>` +
          `${evidence}${cause}${waived}<p><strong>Fix:</strong> ${escapeHtml(f.fix)}</p></details>`,
      )
    }
  }
  if (h.error) {
    out.push(
      `<details class="finding critical" data-text="${escapeHtml(`${row.label} ${h.error.kind} ${h.error.message}`.toLowerCase(), {singleLine: true})}">` +
        `<summary><strong>unreachable</strong> ${escapeHtml(row.label)}: ${escapeHtml(h.error.kind)}</summary><pre>${escapeHtml(h.error.message)}</pre></details>`,
    )
  }
  return out.join('\n')
}

function causeCell(h: HostReport): string {
  const text = h.cause ?? (h.error ? `${h.error.kind}: ${h.error.message}` : '')
  return `<td class="cause">${escapeHtml(text, {singleLine: true, maxLine: 300})}</td>`
}

export function renderHtml(report: SafeReport, context: FormatContext = {}): string {
  const checks = columns(report)
  const grouped = rows(report)
  const head = `<tr><th>hosts</th><th>status</th><th>cause</th>${checks.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr>`
  const body = grouped
    .map((row, i) => {
      const h = row.hosts[0]
      return `<tr data-text="${searchText(row)}"><th>${escapeHtml(row.label)}</th><td class="sev-${h.status}">${h.status}</td>${causeCell(h)}${checks.map((c) => cell(row, c, i)).join('')}</tr>`
    })
    .join('\n')
  const timeline = context.timeline ? renderTimeline(context.timeline, report.hosts.map((h) => h.host)) : ''
  const findings = grouped.map((row, i) => details(row, i)).filter(Boolean).join('\n')
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>fleet report</title>
<style>${HTML_CSS}</style>
</head>
<body>
<h1>Fleet report</h1>
<p class="summary">${escapeHtml(summaryLine(report))}</p>
<input id="filter" type="search" placeholder="filter: host, check or text" aria-label="filter">
<table class="matrix">
<thead>${head}</thead>
<tbody>
${body}
</tbody>
</table>
<h2>Findings</h2>
${findings || '<p>No findings.</p>'}
${timeline}
<script>${HTML_SCRIPT}</script>
</body>
</html>
`
}

export const htmlFormatter: FormatDefinition = {name: 'html', extension: 'html', render: renderHtml}
