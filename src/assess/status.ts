import {SEVERITY_RANK, type Finding} from '../checks/types.js'
import type {HostReport, HostStatus} from '../report/types.js'

/** Worst severity among findings that count (waived ones do not). */
export function hostStatus(findings: Finding[], reachable: boolean): HostStatus {
  if (!reachable) return 'unreachable'
  let worst: HostStatus = 'ok'
  for (const finding of findings) {
    if ((finding as {waived?: unknown}).waived) continue
    if (worst === 'ok' || SEVERITY_RANK[finding.severity] > SEVERITY_RANK[worst as Finding['severity']]) worst = finding.severity
  }
  return worst
}

export function summarize(hosts: HostReport[]): {hosts: number; ok: number; info: number; warning: number; critical: number; unreachable: number} {
  const summary = {hosts: hosts.length, ok: 0, info: 0, warning: 0, critical: 0, unreachable: 0}
  for (const host of hosts) summary[host.status] += 1
  return summary
}
