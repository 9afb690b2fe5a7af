import {jsonReport} from './json-model.js'
import type {FormatDefinition, SafeReport} from './types.js'

export const jsonFormatter: FormatDefinition = {
  name: 'json',
  extension: 'json',
  render: (report: SafeReport) => `${JSON.stringify(jsonReport(report), null, 2)}\n`,
}
