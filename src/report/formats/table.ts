import {renderTable} from '../table.js'
import type {FormatDefinition} from './types.js'

export const tableFormatter: FormatDefinition = {
  name: 'table',
  extension: 'txt',
  render: (report, context) => renderTable(report, {color: context.color ?? false, width: context.width, view: context.view}),
}
