/**
 * Text layout of folded log lines. Everything from hosts went through sanitizeDeep at
 * the output boundary (the caller passes a sanitised view); oneLine keeps each line one
 * terminal line, capped.
 */
import {oneLine, type Sanitized} from '../report/sanitize.js'
import type {FoldedLine} from './fold.js'
import type {HostRead} from './poll.js'

export interface LogsView {
  version: 1
  windowSeconds: number
  hosts: Array<Pick<HostRead, 'host' | 'ok' | 'error' | 'truncated'>>
  lines: FoldedLine[]
  summary: {lines: number; events: number; hosts: number; unreadable: number}
}

function when(iso: string): string {
  return iso.replace(/\.\d{3}Z$/, 'Z')
}

/** One folded line: count, where, when; the masked message; one real sample. */
export function renderLine(line: Sanitized<FoldedLine>, delta?: number): string {
  const count = delta === undefined || delta === line.count ? `${line.count}x` : `${line.count}x (+${delta})`
  const seen = line.firstSeen === line.lastSeen ? when(line.firstSeen) : `${when(line.firstSeen)} .. ${when(line.lastSeen)}`
  const label = line.level ? `${line.source} ${line.level}` : line.source
  return [
    oneLine(`${count}  ${label}  ${line.hosts.join(' ')}  ${seen}`),
    `    ${oneLine(line.message)}`,
    `    e.g. ${oneLine(`${line.sample.host} ${line.sample.path}: ${line.sample.line}`)}`,
  ].join('\n')
}

export function renderHostProblems(hosts: Sanitized<LogsView['hosts']>): string[] {
  const out: string[] = []
  for (const host of hosts) {
    if (!host.ok) out.push(oneLine(`${host.host}: not read: ${host.error ?? 'unknown error'}`))
    else if (host.truncated.length > 0) out.push(oneLine(`${host.host}: ${host.truncated.join(', ')} hit the --max-log-bytes cap: older lines of the window are missing`))
  }
  return out
}

export function renderView(view: Sanitized<LogsView>): string {
  const out: string[] = []
  const {summary} = view
  out.push(`${summary.events} log lines in ${summary.lines} folded lines from ${summary.hosts - summary.unreadable} of ${summary.hosts} hosts (last ${view.windowSeconds}s)`)
  for (const line of view.lines) out.push('', renderLine(line as Sanitized<FoldedLine>))
  const problems = renderHostProblems(view.hosts as Sanitized<LogsView['hosts']>)
  if (problems.length > 0) out.push('', ...problems)
  return out.join('\n')
}
