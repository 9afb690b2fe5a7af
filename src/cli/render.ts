import {getFormatter} from '../report/formats/index.js'
import type {Timeline} from '../history/timeline.js'
import type {TableView} from '../report/table.js'
import type {FleetReport} from '../report/types.js'
import {writeOutputAtomic} from '../report/write-output.js'
import {colorEnabled} from './color.js'

export interface RenderOptions {
  format: string
  output?: string
  /** Overrides TTY/NO_COLOR detection (tests). */
  color?: boolean
  checkIds?: string[]
  /** What the human table shows. */
  view?: TableView
  /** Terminal columns; default: stdout's when it is a terminal. */
  width?: number
  /** Run history of the selection, for the HTML page's timeline. */
  timeline?: Timeline
}

/**
 * Renders with the named formatter. With --output the file is written atomically and
 * nothing goes to stdout; with json the parsed object is returned for oclif's --json.
 */
export async function renderReport(report: FleetReport, options: RenderOptions): Promise<{text?: string; json?: unknown}> {
  const formatter = getFormatter(options.format)
  const color = options.color ?? (!options.output && colorEnabled(process.stdout))
  // Off a terminal (piped, --output) nothing is cut to a width.
  const width = options.output ? undefined : (options.width ?? (process.stdout.isTTY ? process.stdout.columns : undefined))
  const text = formatter.render(report, {color, width, checkIds: options.checkIds, view: options.view, timeline: options.timeline})
  if (options.output) {
    await writeOutputAtomic(options.output, text.endsWith('\n') ? text : `${text}\n`)
    return {json: options.format === 'json' ? JSON.parse(text) : undefined}
  }
  if (options.format === 'json') return {json: JSON.parse(text), text}
  return {text: text.replace(/\n$/, '')}
}
