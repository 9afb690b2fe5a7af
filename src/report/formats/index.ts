/**
 * Output formats by name. Adding one: a file here and a line in DEFINITIONS. Every format is
 * reached only through FORMATTERS, which hands it the report after sanitizeDeep: a format
 * cannot forget to sanitise, and its renderer's type (SafeReport) says so.
 *
 * What reaches each format (src/report/sanitize.ts): no C0/C1 control, DEL, bidi control,
 * U+2028/9, invisible format character or lone surrogate, each replaced by a visible escape
 * (`\x1b`, `\u{202e}`); tab and line feed kept. What each format then does with it:
 *   table       cells and messages on one line (LF shown as `\n`), capped; evidence lines capped;
 *               its own SGR colours only when asked
 *   json/jsonl  every string whole: LF and tab as JSON's `\n`/`\t`, nothing else escaped further
 *   junit       XML entities; LF/CR in attributes as character references; LF and tab in content
 *   nagios      one line per item (LF as `\n`), `|` replaced (reserved for perfdata), capped
 *   prometheus  label values escaped per the exposition format (backslash, quote, LF)
 *   markdown    one line per item, Markdown punctuation and HTML escaped; evidence in a fence
 *               longer than any backtick run in it
 *   html        HTML entities; evidence keeps its lines inside <pre>
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
