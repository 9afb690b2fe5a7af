/**
 * Prometheus text exposition (format 0.0.4) for node_exporter's textfile collector:
 * write it with -o into the collector directory (atomically, see write-output.ts).
 */
import type {Severity} from '../../checks/types.js'
import {countedFindings, isUnreachable} from '../status.js'
import type {HostStatus} from '../types.js'
import type {FormatContext, FormatDefinition, SafeReport} from './types.js'

const SEVERITIES: Severity[] = ['critical', 'warning', 'info']
const STATUSES: HostStatus[] = ['ok', 'info', 'warning', 'critical', 'unreachable']

// Label values must be valid UTF-8: lone surrogates (possible in JS strings) would not be.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

/** Escaping per the exposition format: backslash, double quote and line feed in label values. */
export function escapeLabelValue(value: string): string {
  return value.replace(LONE_SURROGATE, '\ufffd').replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')
}

function labels(pairs: Record<string, string>): string {
  const body = Object.entries(pairs)
    .map(([k, v]) => `${k}="${escapeLabelValue(v)}"`)
    .join(',')
  return body ? `{${body}}` : ''
}

class Exposition {
  private lines: string[] = []

  family(name: string, help: string, samples: Array<[Record<string, string>, number]>): void {
    // HELP escaping: backslash and line feed only.
    this.lines.push(`# HELP ${name} ${help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`, `# TYPE ${name} gauge`)
    const seen = new Set<string>()
    for (const [pairs, value] of samples) {
      const line = `${name}${labels(pairs)} ${Number.isFinite(value) ? value : 'NaN'}`
      if (!seen.has(line)) this.lines.push(line)
      seen.add(line)
    }
  }

  toString(): string {
    return `${this.lines.join('\n')}\n`
  }
}

export function renderPrometheus(report: SafeReport, context: FormatContext): string {
  const out = new Exposition()
  const hosts = report.hosts
  out.family('fleet_host_up', 'Whether fleet could check the host (1) or not (0).', hosts.map((h) => [{host: h.host}, isUnreachable(h) ? 0 : 1]))
  out.family(
    'fleet_host_status',
    'Current status of the host: 1 for its status label, 0 for the others.',
    hosts.flatMap((h) => STATUSES.map((s): [Record<string, string>, number] => [{host: h.host, status: s}, h.status === s ? 1 : 0])),
  )
  out.family(
    'fleet_check_status',
    'A finding of this check is present on the host (waived findings excluded).',
    // One series per host, check and severity: two findings of one check (two sockets) must not make a duplicate sample.
    hosts.flatMap((h) => {
      const seen = new Set<string>()
      return countedFindings(h).flatMap((f): Array<[Record<string, string>, number]> => {
        const key = `${f.check}\u0000${f.severity}`
        if (seen.has(key)) return []
        seen.add(key)
        return [[{host: h.host, check: f.check, severity: f.severity}, 1]]
      })
    }),
  )
  out.family(
    'fleet_findings',
    'Number of findings on the host by severity (waived findings excluded).',
    hosts.flatMap((h) => {
      const counted = countedFindings(h)
      return SEVERITIES.map((s): [Record<string, string>, number] => [{host: h.host, severity: s}, counted.filter((f) => f.severity === s).length])
    }),
  )
  out.family('fleet_hosts', 'Number of hosts by status in the last run.', STATUSES.map((s) => [{status: s}, report.summary[s]]))
  const started = report.startedAt ? Date.parse(report.startedAt) : NaN
  const durationMs = report.durationMs ?? hosts.reduce((n, h) => Math.max(n, h.durationMs), 0)
  const finished = Number.isFinite(started) ? started + durationMs : (context.now ?? new Date()).getTime()
  out.family('fleet_last_run_timestamp_seconds', 'Unix time the last fleet run finished.', [[{}, finished / 1000]])
  out.family('fleet_run_duration_seconds', 'Wall time of the last fleet run.', [[{}, durationMs / 1000]])
  return out.toString()
}

export const prometheusFormatter: FormatDefinition = {name: 'prometheus', extension: 'prom', render: renderPrometheus}
