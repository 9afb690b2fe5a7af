import {renderTable} from '../table.js'
import type {Formatter} from './types.js'

export const tableFormatter: Formatter = {
  name: 'table',
  extension: 'txt',
  render: (report, context) => renderTable(report, {color: context.color ?? false, width: context.width}),
}
