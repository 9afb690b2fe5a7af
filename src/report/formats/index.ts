/**
 * Output formats by name. Adding one: a file here and a line in DEFINITIONS. Every format is
 * reached only through FORMATTERS, which hands it the report after sanitizeDeep: a format
 * cannot forget to sanitise, and its renderer's type (SafeReport) says so.
 */
import {sanitizeDeep} from '../sanitize.js'
import {htmlFormatter} from './html.js'
import {jsonFormatter} from './json.js'
import {jsonlFormatter} from './jsonl.js'
import {junitFormatter} from './junit.js'
import {markdownFormatter} from './markdown.js'
import {nagiosFormatter} from './nagios.js'
import {prometheusFormatter} from './prometheus.js'
import {tableFormatter} from './table.js'
import type {FormatDefinition, Formatter} from './types.js'

export type {FormatContext, FormatDefinition, Formatter, SafeReport} from './types.js'

const DEFINITIONS: readonly FormatDefinition[] = [
  tableFormatter,
  jsonFormatter,
  jsonlFormatter,
  junitFormatter,
  nagiosFormatter,
  prometheusFormatter,
  markdownFormatter,
  htmlFormatter,
]

/** The one place a format is given a report: sanitised first, every string, at any depth. */
function sanitising(definition: FormatDefinition): Formatter {
  return {
    name: definition.name,
    extension: definition.extension,
    render: (report, context) => definition.render(sanitizeDeep(report), sanitizeDeep(context)),
  }
}

export const FORMATTERS: readonly Formatter[] = DEFINITIONS.map(sanitising)

export const FORMAT_NAMES = FORMATTERS.map((f) => f.name)

export function getFormatter(name: string): Formatter {
  const found = FORMATTERS.find((f) => f.name === name)
  if (!found) throw new Error(`unknown format ${JSON.stringify(name)} (known: ${FORMAT_NAMES.join(', ')})`)
  return found
}
