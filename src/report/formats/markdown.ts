/** GitHub-flavoured Markdown for tickets and PR comments: host table, then findings by check. */
import {groupFindings, type MessageGroup} from '../group-findings.js'
import {sanitizeForTerminal} from '../sanitize.js'
import {counts, summaryLine, worstFinding} from '../status.js'
import type {HostReport} from '../types.js'
import type {FormatDefinition, SafeReport} from './types.js'

const EVIDENCE_LINES = 5

/** Inline text (from the sanitised model): one line, capped, every character Markdown or GitHub's HTML would interpret escaped. */
export function mdText(s: string, max = 200): string {
  return sanitizeForTerminal(s, {singleLine: true, maxLine: max})
    .replace(/[\\`*_{}[\]()#+!|~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
}

/** A fence longer than any backtick run inside, so evidence can never close it early. */
function codeBlock(lines: string[]): string[] {
  const body = lines.map((l) => sanitizeForTerminal(l, {singleLine: true, maxLine: 200}))
  const longest = Math.max(2, ...body.map((l) => Math.max(0, ...(l.match(/`+/g) ?? []).map((r) => r.length))))
  const fence = '`'.repeat(longest + 1)
  return [fence, ...body, fence]
}

function hostRow(h: HostReport): string {
  const worst = worstFinding(h)
  const cells = [
    h.host,
    h.status,
    h.columns.nginx,
    h.columns.fpm,
    h.columns.configTest,
    h.columns.sockets,
    worst ? `${worst.check}: ${worst.message}` : h.error ? `${h.error.kind}: ${h.error.message}` : '-',
    h.cause ?? '-',
  ]
  return `| ${cells.map((c) => mdText(c, 120)).join(' | ')} |`
}

function messageBlock(m: MessageGroup, severity: string): string[] {
  const changed = m.change === 'changed' && m.previousSeverity ? ` **changed: ${m.previousSeverity} -> ${severity}**` : ''
  const tags = [m.change === 'added' ? ' **new**' : '', m.change === 'removed' ? ' **resolved**' : '', changed].join('')
  const lines = [`- **${mdText(m.folded.join(', '), 120)}**: ${mdText(m.message)}${tags}`]
  if (m.waived) lines.push(`  - waived until ${mdText(m.waived.expires)}: ${mdText(m.waived.justification)} (${mdText(m.waived.source)})`)
  if (m.evidence.length > 0) lines.push('', ...codeBlock(m.evidence.slice(0, EVIDENCE_LINES)).map((l) => `  ${l}`), '')
  if (m.fix) lines.push(`  - fix: ${mdText(m.fix)}`)
  return lines
}

export function renderMarkdown(report: SafeReport): string {
  const out = [
    '# Fleet report',
    '',
    `**${mdText(summaryLine(report))}**`,
    '',
    '| host | status | nginx | FPM | config test | sockets | worst finding | cause |',
    '|---|---|---|---|---|---|---|---|',
    ...report.hosts.map(hostRow),
  ]
  const sections: Array<[string, (f: Parameters<typeof counts>[0]) => boolean]> = [
    ['Findings', counts],
    ['Waived', (f) => f.waived !== undefined && f.change !== 'removed'],
    ['Resolved since the last run', (f) => f.change === 'removed'],
  ]
  for (const [title, include] of sections) {
    const groups = groupFindings(report, include)
    if (groups.length === 0) continue
    out.push('', `## ${title}`)
    for (const g of groups) out.push('', `### ${g.severity}: \`${g.check.replace(/`/g, '')}\``, '', ...g.messages.flatMap((m) => messageBlock(m, g.severity)))
  }
  return `${out.join('\n')}\n`
}

export const markdownFormatter: FormatDefinition = {name: 'markdown', extension: 'md', render: renderMarkdown}
