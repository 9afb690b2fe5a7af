import type {FleetReport} from '../types.js'

export interface FormatContext {
  /** ANSI colour in human formats (the caller decides: TTY and no NO_COLOR). */
  color?: boolean
  /** Terminal width for the table. */
  width?: number
  /** Clock for formats that stamp the run when the report has no startedAt. */
  now?: Date
  /** Every check id that ran, so JUnit can list passing checks; defaults to those seen in the report. */
  checkIds?: string[]
}

/** One output format, looked up by name (goss `outputs/` style). Never decides the exit code. */
export interface Formatter {
  name: string
  /** File extension for -o defaults, without the dot. */
  extension: string
  render(report: FleetReport, context: FormatContext): string
}
