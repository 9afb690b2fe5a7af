import {jsonReport} from './json-model.js'
import type {Formatter} from './types.js'

export const jsonFormatter: Formatter = {
  name: 'json',
  extension: 'json',
  render: (report) => `${JSON.stringify(jsonReport(report), null, 2)}\n`,
}
