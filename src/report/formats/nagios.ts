/**
 * Nagios / Icinga plugin output (Monitoring Plugins Development Guidelines): one status line
 * `FLEET STATE - text | perfdata`, then long output. `|` is reserved for perfdata, so host
 * text never carries it. The plugin exit code is nagiosExitCode(); the command applies it.
 */
import {groupFindings} from '../group-findings.js'
import {sanitizeForTerminal} from '../sanitize.js'
import {counts, countedFindings, isUnreachable, UNREACHABLE_CHECK} from '../status.js'
import type {FleetReport} from '../types.js'
import type {FormatDefinition, SafeReport} from './types.js'

export const NAGIOS_OK = 0
export const NAGIOS_WARNING = 1
export const NAGIOS_CRITICAL = 2
export const NAGIOS_UNKNOWN = 3

const STATE_NAMES = ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN']

/** Worst state with the plugins' max_state_alt order: CRITICAL > WARNING > UNKNOWN > OK. */
export function nagiosExitCode(report: FleetReport): number {
  let warning = false
  let unknown = false
  for (const host of report.hosts) {
    if (isUnreachable(host)) unknown = true
    for (const f of countedFindings(host)) {
      if (f.check === UNREACHABLE_CHECK) continue
      if (f.severity === 'critical') return NAGIOS_CRITICAL
      if (f.severity === 'warning') warning = true
    }
  }
  if (warning) return NAGIOS_WARNING
  return unknown ? NAGIOS_UNKNOWN : NAGIOS_OK
}

const text = (s: string, max = 200): string => sanitizeForTerminal(s, {singleLine: true, maxLine: max}).replace(/\|/g, '/')

function perfdata(report: FleetReport): string {
  const s = report.summary
  const max = s.hosts
  // label=value[UOM];warn;crit;min;max — threshold "0" alerts on anything above zero.
  const items = [
    `hosts=${s.hosts};;;0`,
    `ok=${s.ok};;;0;${max}`,
    `info=${s.info};;;0;${max}`,
    `warning=${s.warning};0;;0;${max}`,
    `critical=${s.critical};;0;0;${max}`,
    `unreachable=${s.unreachable};;;0;${max}`,
  ]
  if (report.durationMs !== undefined) items.push(`duration=${(report.durationMs / 1000).toFixed(3)}s;;;0`)
  return items.join(' ')
}

function statusText(report: FleetReport): string {
  const s = report.summary
  const parts = (['critical', 'warning', 'unreachable'] as const).filter((k) => s[k] > 0).map((k) => `${s[k]} ${k}`)
  const body = parts.length > 0 ? `${parts.join(', ')} of ${s.hosts} hosts` : `${s.ok + s.info} of ${s.hosts} hosts ok`
  return report.interrupted ? `${body} (interrupted)` : body
}

function longOutput(report: FleetReport): string[] {
  const lines: string[] = []
  for (const host of report.hosts) {
    if (isUnreachable(host) && host.error) lines.push(`[UNREACHABLE] ${text(host.host, 80)}: ${host.error.kind}: ${text(host.error.message)}`)
  }
  for (const group of groupFindings(report, (f) => counts(f) && f.check !== UNREACHABLE_CHECK)) {
    for (const m of group.messages) {
      lines.push(`[${group.severity.toUpperCase()}] ${text(group.check, 80)} ${text(m.folded.join(','), 120)}: ${text(m.message)}`)
    }
  }
  return lines
}

export function renderNagios(report: SafeReport): string {
  const state = STATE_NAMES[nagiosExitCode(report)]
  return [`FLEET ${state} - ${statusText(report)} | ${perfdata(report)}`, ...longOutput(report)].join('\n') + '\n'
}

export const nagiosFormatter: FormatDefinition = {name: 'nagios', extension: 'txt', render: renderNagios}
