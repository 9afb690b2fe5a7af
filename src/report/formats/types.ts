import type {Timeline} from '../../history/timeline.js'
import type {Sanitized} from '../sanitize.js'
import type {TableView} from '../table.js'
import type {FleetReport} from '../types.js'

export interface FormatContext {
  /** ANSI colour in human formats (the caller decides: TTY and no NO_COLOR). */
  color?: boolean
  /** Terminal width for the table (undefined off a terminal: nothing is cut to fit). */
  width?: number
  /** What the human table shows (-v, --host, --severity, --evidence). */
  view?: TableView
  /** Clock for formats that stamp the run when the report has no startedAt. */
  now?: Date
  /** Every check id that ran, so JUnit can list passing checks; defaults to those seen in the report. */
  checkIds?: string[]
  /** When each finding appeared and went away (src/history/timeline.ts); only when the run read history. */
  timeline?: Timeline
}

/** A report every string of which went through the one sanitiser (src/report/sanitize.ts). */
export type SafeReport = Sanitized<FleetReport>

/**
 * What a format file defines: it is handed a SafeReport and applies only its own syntax
 * escaping and layout. Registered in formats/index.ts, which sanitises before calling it.
 */
export interface FormatDefinition {
  name: string
  /** File extension for -o defaults, without the dot. */
  extension: string
  render(report: SafeReport, context: FormatContext): string
}

/** One output format, looked up by name (goss `outputs/` style). Never decides the exit code. */
export interface Formatter {
  name: string
  /** File extension for -o defaults, without the dot. */
  extension: string
  /** Sanitises the report (every string, recursively), then renders it. */
  render(report: FleetReport, context: FormatContext): string
}
