/** Exit codes outside the check results (0-3), after sysexits.h. */
export const EXIT_USAGE = 64
export const EXIT_DATAERR = 65

/** Bad flags or a selection that cannot be satisfied: exit 64. */
export class UsageError extends Error {
  readonly exitCode = EXIT_USAGE
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}
