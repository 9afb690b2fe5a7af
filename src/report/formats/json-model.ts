/**
 * The stable JSON contract (version 1), shared by `json` and `jsonl`. Fields are only added,
 * never renamed; `waived`, `change`, `previousStatus`, `skipped` appear only when present.
 */
import type {Finding} from '../../checks/types.js'
import type {FleetReport, HostReport} from '../types.js'

export interface JsonFinding {
  check: string
  severity: Finding['severity']
  message: string
  evidence: string[]
  fix: string
  waived?: NonNullable<Finding['waived']>
  change?: NonNullable<Finding['change']>
  previousSeverity?: Finding['severity']
}

export interface JsonHost {
  host: string
  address: string
  status: HostReport['status']
  error: HostReport['error']
  cause: string | null
  findings: JsonFinding[]
  skipped?: HostReport['skipped']
  previousStatus?: HostReport['status']
}

export interface JsonReport {
  version: 1
  hosts: JsonHost[]
  summary: FleetReport['summary']
  interrupted?: boolean
  startedAt?: string
  durationMs?: number
}

export function jsonFinding(f: Finding): JsonFinding {
  const out: JsonFinding = {check: f.check, severity: f.severity, message: f.message, evidence: f.evidence, fix: f.fix}
  if (f.waived) out.waived = f.waived
  if (f.change) out.change = f.change
  if (f.previousSeverity) out.previousSeverity = f.previousSeverity
  return out
}

export function jsonHost(h: HostReport): JsonHost {
  const out: JsonHost = {
    host: h.host,
    address: h.address,
    status: h.status,
    error: h.error,
    cause: h.cause,
    findings: h.findings.map(jsonFinding),
  }
  if (h.skipped.length > 0) out.skipped = h.skipped
  if (h.previousStatus) out.previousStatus = h.previousStatus
  return out
}

export function jsonReport(report: FleetReport): JsonReport {
  const out: JsonReport = {version: 1, hosts: report.hosts.map(jsonHost), summary: report.summary}
  if (report.interrupted) out.interrupted = true
  if (report.startedAt) out.startedAt = report.startedAt
  if (report.durationMs !== undefined) out.durationMs = report.durationMs
  return out
}
