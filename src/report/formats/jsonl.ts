/** One JSON object per line: a `host` line per host (streams into jq / log shippers), then `summary`. */
import {jsonHost} from './json-model.js'
import type {FormatDefinition, SafeReport} from './types.js'

export const jsonlFormatter: FormatDefinition = {
  name: 'jsonl',
  extension: 'jsonl',
  render(report: SafeReport) {
    const lines = report.hosts.map((h) => JSON.stringify({type: 'host', version: 1, ...jsonHost(h)}))
    const summary: Record<string, unknown> = {type: 'summary', version: 1, ...report.summary}
    if (report.interrupted) summary.interrupted = true
    if (report.startedAt) summary.startedAt = report.startedAt
    if (report.durationMs !== undefined) summary.durationMs = report.durationMs
    lines.push(JSON.stringify(summary))
    return `${lines.join('\n')}\n`
  },
}
