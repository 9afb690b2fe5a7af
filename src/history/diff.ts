/**
 * Run-to-run comparison. A finding's identity is host + check + messageId + its message with
 * numbers masked, so "reached max_children 3 times" and "... 7 times" are the same finding.
 */
import type {Finding} from '../checks/types.js'
import {recompute, summarize} from '../report/status.js'
import type {FleetReport, HostReport} from '../report/types.js'

export function findingIdentity(f: Finding): string {
  const normalized = f.message.replace(/\d+/g, '#').replace(/\s+/g, ' ').trim()
  return `${f.check}\u0000${f.messageId}\u0000${normalized}`
}

function diffHost(current: HostReport, previous: HostReport | undefined): HostReport {
  // Multiset match: two identical findings before and one now is one removed.
  const pool = new Map<string, Finding[]>()
  for (const f of previous?.findings ?? []) {
    if (f.change === 'removed') continue
    const id = findingIdentity(f)
    pool.set(id, [...(pool.get(id) ?? []), f])
  }
  const findings: Finding[] = current.findings
    .filter((f) => f.change !== 'removed')
    .map(({change: _c, previousSeverity: _p, ...f}) => {
      const matches = pool.get(findingIdentity(f))
      const matched = matches?.shift()
      if (!matched) return {...f, change: 'added'}
      return matched.severity === f.severity ? {...f, change: 'unchanged'} : {...f, change: 'changed', previousSeverity: matched.severity}
    })
  // What is left on both sides with the same check and message but another severity is one
  // finding whose severity changed ("changed: warning -> info"), not one new and one resolved.
  const left = [...pool.values()].flat()
  for (const [i, f] of findings.entries()) {
    if (f.change !== 'added') continue
    const at = left.findIndex((old) => old.check === f.check && old.messageId === f.messageId && old.severity !== f.severity)
    if (at < 0) continue
    const [old] = left.splice(at, 1)
    findings[i] = {...f, change: 'changed', previousSeverity: old.severity}
  }
  for (const f of left) findings.push({...f, change: 'removed'})
  const out: HostReport = {...current, findings}
  if (previous) out.previousStatus = previous.status
  else delete out.previousStatus
  return out
}

/** Marks every finding added/unchanged and appends the removed ones; statuses ignore the removed. */
export function diffReports(previous: FleetReport | null, current: FleetReport): FleetReport {
  const before = new Map((previous?.hosts ?? []).map((h) => [h.host, h]))
  return recompute({...current, hosts: current.hosts.map((h) => diffHost(h, before.get(h.host)))})
}

function hostChanged(h: HostReport): boolean {
  return (
    (h.previousStatus !== undefined && h.previousStatus !== h.status) ||
    h.findings.some((f) => f.change === 'added' || f.change === 'removed' || f.change === 'changed')
  )
}

/** True when anything was added, removed or changed severity, or a host's status changed (for --only-changes). */
export function onlyChanges(report: FleetReport): boolean {
  return report.hosts.some(hostChanged)
}

/** The report cut to what changed: changed hosts only, with their added, changed and removed findings. */
export function changedPart(report: FleetReport): FleetReport {
  const hosts = report.hosts
    .filter(hostChanged)
    .map((h) => ({...h, findings: h.findings.filter((f) => f.change === 'added' || f.change === 'removed' || f.change === 'changed')}))
  // Hosts keep their real status; only the findings shown are cut down.
  return {...report, hosts, summary: summarize(hosts)}
}
