/**
 * `fleet reload --history`: the rollback points recorded on each host under
 * /var/lib/fleet/nginx-good (see snapshot.ts), one read-only round trip per host (no lock, nothing
 * written). Everything the host says is validated here: a point is 16 hex digits, a time is epoch
 * seconds (digits), a generation is PID:TICK (digits); anything else is dropped and counted.
 */
import Table from 'cli-table3'
import pLimit from 'p-limit'

import type {HostSpec} from '../inventory/types.js'
import {oneLine, sanitizeDeep, type Sanitized} from '../report/sanitize.js'
import type {Connector} from '../transport/types.js'
import {blockLines, buildScript, runScript, type Sections} from './remote.js'
import {validHash} from './snapshot.js'

/** Shell: every snapshot directory with its mtime (when it was recorded), `current`, and the running generation. */
export const HISTORY_SH = String.raw`
begin points
if [ -d "$GOOD" ]; then
  for d in "$GOOD"/*; do
    n=$(basename -- "$d")
    case $n in ''|*[!0-9a-f]*) continue ;; esac
    [ -d "$d/tree" ] || continue
    printf '%s\t%s\n' "$n" "$(stat -c %Y -- "$d" 2>/dev/null)"
  done
fi
end points
CUR=""
[ -f "$GOOD/current" ] && CUR=$(head -n 1 "$GOOD/current")
emit current "$CUR"
emit generation "$(generation)"
emit done yes
`

export interface RollbackPoint {
  hash: string
  /** When the snapshot was recorded (its directory's mtime), ISO 8601; null when unreadable. */
  recordedAt: string | null
  /** Named by /var/lib/fleet/nginx-good/current. */
  current: boolean
}

export interface HostHistory {
  host: string
  address: string
  /** Newest first. */
  points: RollbackPoint[]
  /** `current`: the point fleet last verified running, and the nginx generation it ran under. */
  current: {hash: string; generation: string | null} | null
  /** The running nginx generation (master pid:start tick of the oldest worker), null when none. */
  runningGeneration: string | null
  /** The running generation is the one `current` was recorded under: that point is exactly what runs. */
  currentIsRunning: boolean
  /** Lines from the host that were not of the expected shape (dropped). */
  dropped: number
  error: string | null
}

export interface HistoryReport {
  version: 1
  hosts: HostHistory[]
}

const EPOCH = /^\d{1,12}$/
const GENERATION = /^\d{1,10}:\d{1,20}$/

/** Reads the --history round trip; host is name and address for the report. */
export function parseHistory(s: Sections, host: {name: string; address: string}): HostHistory {
  const result: HostHistory = {host: host.name, address: host.address, points: [], current: null, runningGeneration: null, currentIsRunning: false, dropped: 0, error: null}
  if (s.values.get('done') !== 'yes') {
    result.error = 'the history script did not finish'
    return result
  }
  const [curHash, curGen, ...rest] = (s.values.get('current') ?? '').split(' ')
  if (validHash(curHash) && rest.length === 0) {
    result.current = {hash: curHash, generation: curGen !== undefined && GENERATION.test(curGen) ? curGen : null}
  } else if (curHash !== '') {
    result.dropped++
  }
  const running = s.values.get('generation') ?? ''
  result.runningGeneration = GENERATION.test(running) ? running : null
  result.currentIsRunning = result.current?.generation != null && result.current.generation === result.runningGeneration
  for (const line of blockLines(s, 'points')) {
    if (line === '') continue
    const fields = line.split('\t')
    const hash = validHash(fields[0])
    if (fields.length !== 2 || hash === null) {
      result.dropped++
      continue
    }
    const recordedAt = EPOCH.test(fields[1]) ? new Date(Number(fields[1]) * 1000).toISOString() : null
    result.points.push({hash, recordedAt, current: hash === result.current?.hash})
  }
  // Newest first; unknown times last, then by hash for a stable order.
  result.points.sort((a, b) => (b.recordedAt ?? '').localeCompare(a.recordedAt ?? '') || a.hash.localeCompare(b.hash))
  return result
}

export interface HistoryOptions {
  hosts: HostSpec[]
  connectorFor(host: HostSpec): Connector
  concurrency: number
  connectTimeoutMs: number
  commandTimeoutMs: number
}

async function hostHistory(spec: HostSpec, options: HistoryOptions): Promise<HostHistory> {
  const empty = {name: spec.name, address: spec.address}
  let transport
  try {
    transport = await options.connectorFor(spec).connect(spec, {timeoutMs: options.connectTimeoutMs})
    const s = await runScript(transport, buildScript({}, HISTORY_SH), {timeoutMs: options.commandTimeoutMs})
    const result = parseHistory(s, empty)
    if (result.error !== null) result.error = `${result.error} (exit ${s.code}): ${s.stderr.trim().split('\n').pop() ?? ''}`
    return result
  } catch (error) {
    return {...parseHistory({values: new Map([['done', 'yes']]), blocks: new Map()}, empty), error: error instanceof Error ? error.message : String(error)}
  } finally {
    await transport?.close().catch(() => undefined)
  }
}

export async function runHistory(options: HistoryOptions): Promise<HistoryReport> {
  const limit = pLimit(options.concurrency)
  return {version: 1, hosts: await Promise.all(options.hosts.map((h) => limit(() => hostHistory(h, options))))}
}

export function sanitizeHistory(report: HistoryReport): Sanitized<HistoryReport> {
  return sanitizeDeep(report)
}

/** One row per recorded point; a host with none, or unreachable, says so in one row. */
export function historyTable(raw: HistoryReport): string {
  const report = sanitizeHistory(raw)
  const table = new Table({head: ['host', 'rollback point', 'recorded', 'current', 'generation'], style: {head: [], border: []}})
  for (const h of report.hosts) {
    const name = oneLine(h.host, 40)
    if (h.error !== null) {
      table.push([name, `error: ${oneLine(h.error, 100)}`, '-', '-', '-'])
      continue
    }
    if (h.points.length === 0) table.push([name, 'none recorded', '-', '-', '-'])
    for (const p of h.points) {
      const current = p.current ? (h.currentIsRunning ? 'yes (running)' : 'yes (reloaded since)') : '-'
      const generation = p.current ? (h.current?.generation ?? '?') : '-'
      table.push([name, p.hash, p.recordedAt ?? '?', current, generation])
    }
  }
  const lines = [table.toString()]
  for (const h of report.hosts) if (h.dropped > 0) lines.push(`${oneLine(h.host, 40)}: ${h.dropped} entry(ies) of an unexpected shape ignored`)
  return lines.join('\n')
}
