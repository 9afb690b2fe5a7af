import type {Finding} from '../checks/types.js'
import type {TransportErrorKind} from '../transport/types.js'

export type HostStatus = 'ok' | 'info' | 'warning' | 'critical' | 'unreachable'

/** One row of the fleet report. This (minus `facts`) is the `--json` contract, version 1. */
export interface HostReport {
  host: string
  address: string
  status: HostStatus
  error: {kind: TransportErrorKind; message: string} | null
  findings: Finding[]
  skipped: Array<{check: string; reason: string}>
  /** Most likely root cause in plain words (null when healthy). */
  cause: string | null
  /** Table columns: short states ('active', 'inactive', 'ok', 'failed', 'missing', '-'). */
  columns: {nginx: string; fpm: string; configTest: string; sockets: string}
  durationMs: number
  /** Set by src/history diffReports when the previous run of this selection knew the host. */
  previousStatus?: HostStatus
}

export interface FleetReport {
  version: 1
  hosts: HostReport[]
  summary: {hosts: number; ok: number; info: number; warning: number; critical: number; unreachable: number}
  /** Set when Ctrl-C ended the run early: hosts not reached are listed as unreachable/aborted. */
  interrupted?: boolean
  /** ISO 8601 start of the run (history, prometheus' last-run timestamp). */
  startedAt?: string
  /** Wall time of the whole run. */
  durationMs?: number
}
