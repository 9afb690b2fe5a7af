import {EX_USAGE} from '../report/exit-code.js'

/** Bad flags or a selection that cannot be satisfied: exit 64 (the exit-code contract lives in src/report/exit-code.ts). */
export class UsageError extends Error {
  readonly exitCode = EX_USAGE
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}
