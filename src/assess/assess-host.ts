import {allChecks} from '../checks/index.js'
import {runChecks} from '../checks/run-checks.js'
import {unreachableFinding} from '../checks/rules/host-unreachable.js'
import type {Check} from '../checks/types.js'
import type {HostSpec} from '../inventory/types.js'
import type {HostReport} from '../report/types.js'
import type {ProbeResult} from '../runner/run-host.js'
import {rootCause} from './cause.js'
import {hostColumns} from './columns.js'
import {hostStatus} from '../report/status.js'

/** Turns what the probe brought back from one host into its report row. */
export function assessHost(host: HostSpec, result: ProbeResult, checks: readonly Check[] = allChecks): HostReport {
  const base = {host: host.name, address: host.connection === 'local' ? 'local' : host.address, durationMs: result.durationMs}
  if (!result.ok) {
    const findings = [unreachableFinding(result.error)]
    return {
      ...base,
      status: 'unreachable',
      error: {kind: result.error.kind, message: result.error.message},
      findings,
      skipped: [],
      cause: rootCause(findings),
      columns: hostColumns(null, findings),
    }
  }
  const {findings, skipped} = runChecks(checks, result.facts)
  const report: HostReport = {
    ...base,
    status: 'ok',
    error: null,
    findings,
    skipped,
    cause: rootCause(findings),
    columns: hostColumns(result.facts, findings),
  }
  // No copy here: runFleet keeps a structured copy of what its finish returns (fresh strings,
  // so no host's whole probe output stays pinned by a slice of it).
  return {...report, status: hostStatus(report)}
}

