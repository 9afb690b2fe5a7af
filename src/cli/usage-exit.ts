import {EX_DATAERR, EX_USAGE} from '../report/exit-code.js'

/** Nagios' UNKNOWN: a plugin that could not run must never read as OK, WARNING or CRITICAL. */
export const NAGIOS_UNKNOWN = 3

/** True when argv asks for `--format nagios` (`-f nagios`, `--format=nagios`, `-fnagios`). */
export function wantsNagios(argv: readonly string[]): boolean {
  for (const [i, arg] of argv.entries()) {
    if (arg === '--') break
    if ((arg === '--format' || arg === '-f') && argv[i + 1] === 'nagios') return true
    if (arg === '--format=nagios' || arg === '-f=nagios' || arg === '-fnagios') return true
  }
  return false
}

/** A usage or input-file error's exit code: 64/65, or 3 (UNKNOWN) for a Nagios plugin run. */
export function usageExit(argv: readonly string[], exit: number): number {
  if ((exit === EX_USAGE || exit === EX_DATAERR) && wantsNagios(argv)) return NAGIOS_UNKNOWN
  return exit
}
