/**
 * The exit-code contract of `fleet check` (the command decides it; formatters never do):
 *   0  nothing at or above the --fail-on threshold
 *   1  a warning (only with failOn 'warning', the default)
 *   2  a critical finding on a host that was checked
 *   3  a host could not be checked, and nothing is critical
 *   64 EX_USAGE (bad flags), 65 EX_DATAERR (bad inventory / waivers), from sysexits.h
 * Waived findings and findings only listed as removed since the last run do not count.
 */
import {countedFindings, isUnreachable, UNREACHABLE_CHECK} from './status.js'
import type {FleetReport} from './types.js'

export const EXIT_OK = 0
export const EXIT_WARNING = 1
export const EXIT_CRITICAL = 2
export const EXIT_UNREACHABLE = 3
export const EX_USAGE = 64
export const EX_DATAERR = 65

export type FailOn = 'warning' | 'critical'

export function exitCode(report: FleetReport, options: {failOn: FailOn}): number {
  let warning = false
  let unreachable = false
  for (const host of report.hosts) {
    if (isUnreachable(host)) unreachable = true
    for (const f of countedFindings(host)) {
      // host/unreachable is critical in the catalog, but "could not check" has its own code.
      if (f.check === UNREACHABLE_CHECK) continue
      if (f.severity === 'critical') return EXIT_CRITICAL
      if (f.severity === 'warning') warning = true
    }
  }
  if (unreachable) return EXIT_UNREACHABLE
  if (warning && options.failOn === 'warning') return EXIT_WARNING
  return EXIT_OK
}
