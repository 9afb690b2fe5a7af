import {recompute} from '../report/status.js'
import type {FleetReport} from '../report/types.js'
import {rootCause} from './cause.js'

/**
 * After waivers or a diff changed which findings count: statuses, summary and each
 * host's root cause are derived again, so nothing waived or resolved is blamed.
 */
export function refreshDerived(report: FleetReport): FleetReport {
  const recomputed = recompute(report)
  return {...recomputed, hosts: recomputed.hosts.map((host) => ({...host, cause: rootCause(host.findings)}))}
}
