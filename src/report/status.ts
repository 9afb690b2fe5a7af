/**
 * Host status and fleet summary derived from findings. Waived findings and findings the
 * previous run had but this one no longer has ('removed') are shown but never count.
 */
import {SEVERITY_RANK, type Finding, type Severity} from '../checks/types.js'
import type {FleetReport, HostReport, HostStatus} from './types.js'

export const UNREACHABLE_CHECK = 'host/unreachable'

export function counts(finding: Finding): boolean {
  return finding.waived === undefined && finding.change !== 'removed'
}

export function countedFindings(host: HostReport): Finding[] {
  return host.findings.filter(counts)
}

export function worstSeverity(findings: Finding[]): Severity | null {
  let worst: Severity | null = null
  for (const f of findings) if (worst === null || SEVERITY_RANK[f.severity] > SEVERITY_RANK[worst]) worst = f.severity
  return worst
}

/** A host is unreachable when it has a transport error, unless that very fact was waived. */
export function isUnreachable(host: HostReport): boolean {
  if (host.error === null) return false
  const marks = host.findings.filter((f) => f.check === UNREACHABLE_CHECK && f.change !== 'removed')
  return marks.length === 0 || marks.some((f) => f.waived === undefined)
}

export const PARTIAL_CHECK = 'host/partial'

/**
 * The status rule. Warning and critical findings set a host's status. An info finding is
 * advice (a stock Debian pool's `request_terminate_timeout = 0`, a PHP location without
 * try_files): it is listed under -v, in JSON with its severity and in `fleet explain`, but
 * the host still reads ok. One exception: `host/partial` while a check was skipped for want
 * of a fact makes the host `info`, because a cause may be hidden there and "ok" would claim
 * more than fleet saw. A partial fact that no check needed leaves the host ok.
 */
export function hostStatus(host: HostReport): HostStatus {
  if (isUnreachable(host)) return 'unreachable'
  const findings = countedFindings(host).filter((f) => f.check !== UNREACHABLE_CHECK)
  const worst = worstSeverity(findings.filter((f) => f.severity !== 'info'))
  if (worst) return worst
  return isPartial(host, findings) ? 'info' : 'ok'
}

function isPartial(host: HostReport, findings: Finding[]): boolean {
  return (host.skipped?.length ?? 0) > 0 && findings.some((f) => f.check === PARTIAL_CHECK)
}

export function summarize(hosts: HostReport[]): FleetReport['summary'] {
  const summary = {hosts: hosts.length, ok: 0, info: 0, warning: 0, critical: 0, unreachable: 0}
  for (const h of hosts) summary[h.status]++
  return summary
}

/** Statuses and summary recomputed after findings changed (waivers, diff). */
export function recompute(report: FleetReport): FleetReport {
  const hosts = report.hosts.map((h) => ({...h, status: hostStatus(h)}))
  return {...report, hosts, summary: summarize(hosts)}
}

/** Severity first (critical on top), then check id, then message: a stable reading order. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    a.check.localeCompare(b.check) ||
    a.message.localeCompare(b.message)
  )
}

export function worstFinding(host: HostReport): Finding | null {
  return [...countedFindings(host)].sort(compareFindings)[0] ?? null
}

/** `16 hosts: 10 ok, 1 warning, 4 critical, 1 unreachable` (zero buckets other than ok omitted). */
export function summaryLine(report: FleetReport): string {
  const s = report.summary
  const parts = [`${s.ok} ok`]
  for (const key of ['info', 'warning', 'critical', 'unreachable'] as const) if (s[key] > 0) parts.push(`${s[key]} ${key}`)
  const waived = report.hosts.reduce((n, h) => n + h.findings.filter((f) => f.waived && f.change !== 'removed').length, 0)
  if (waived > 0) parts.push(`${waived} waived finding${waived === 1 ? '' : 's'}`)
  return `${s.hosts} host${s.hosts === 1 ? '' : 's'}: ${parts.join(', ')}${report.interrupted ? ' (interrupted)' : ''}`
}
