/** Output formats by name. Adding one: a file here and a line below. */
import {htmlFormatter} from './html.js'
import {jsonFormatter} from './json.js'
import {jsonlFormatter} from './jsonl.js'
import {junitFormatter} from './junit.js'
import {markdownFormatter} from './markdown.js'
import {nagiosFormatter} from './nagios.js'
import {prometheusFormatter} from './prometheus.js'
import {tableFormatter} from './table.js'
import type {Formatter} from './types.js'

export type {FormatContext, Formatter} from './types.js'

export const FORMATTERS: readonly Formatter[] = [
  tableFormatter,
  jsonFormatter,
  jsonlFormatter,
  junitFormatter,
  nagiosFormatter,
  prometheusFormatter,
  markdownFormatter,
  htmlFormatter,
]

export const FORMAT_NAMES = FORMATTERS.map((f) => f.name)

export function getFormatter(name: string): Formatter {
  const found = FORMATTERS.find((f) => f.name === name)
  if (!found) throw new Error(`unknown format ${JSON.stringify(name)} (known: ${FORMAT_NAMES.join(', ')})`)
  return found
}
