/**
 * Findings regrouped for reading: one block per check (severity order, then id), and inside it
 * one entry per distinct message with the hosts that share it folded (`web[01-12]`).
 */
import {SEVERITY_RANK, type Finding, type Severity} from '../checks/types.js'
import {foldHosts} from './fold-hosts.js'
import type {FleetReport} from './types.js'

export interface MessageGroup {
  message: string
  hosts: string[]
  /** Folded host names, in report order. */
  folded: string[]
  /** Evidence and fix of the first host with this message. */
  evidence: string[]
  fix: string
  change?: Finding['change']
  previousSeverity?: Finding['previousSeverity']
  waived?: Finding['waived']
}

export interface CheckGroup {
  check: string
  severity: Severity
  messages: MessageGroup[]
}

export type FindingFilter = (finding: Finding) => boolean

export function groupFindings(report: FleetReport, include: FindingFilter): CheckGroup[] {
  const checks = new Map<string, CheckGroup & {byMessage: Map<string, MessageGroup>}>()
  for (const host of report.hosts) {
    for (const f of host.findings) {
      if (!include(f)) continue
      const key = `${f.check}\u0000${f.severity}`
      let group = checks.get(key)
      if (!group) {
        group = {check: f.check, severity: f.severity, messages: [], byMessage: new Map()}
        checks.set(key, group)
      }
      // Waived and changed findings read differently, so they never merge with plain ones.
      const mkey = `${f.message}\u0000${f.change ?? ''}\u0000${f.previousSeverity ?? ''}\u0000${f.waived?.source ?? ''}`
      let m = group.byMessage.get(mkey)
      if (!m) {
        m = {message: f.message, hosts: [], folded: [], evidence: f.evidence, fix: f.fix, change: f.change, previousSeverity: f.previousSeverity, waived: f.waived}
        group.byMessage.set(mkey, m)
        group.messages.push(m)
      }
      if (!m.hosts.includes(host.host)) m.hosts.push(host.host)
    }
  }
  const groups = [...checks.values()].map(({byMessage: _unused, ...g}) => {
    for (const m of g.messages) m.folded = foldHosts(m.hosts)
    return g
  })
  return groups.sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.check.localeCompare(b.check))
}
