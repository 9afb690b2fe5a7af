/** Plain SGR codes: enough for a status table, without a colour dependency. */
import type {Severity} from '../checks/types.js'
import type {HostStatus} from './types.js'

const CODES = {bold: 1, dim: 2, red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36} as const

export type Style = keyof typeof CODES

export type Paint = (style: Style | null, text: string) => string

export function painter(color: boolean): Paint {
  return (style, text) => (color && style && text ? `\u001b[${CODES[style]}m${text}\u001b[0m` : text)
}

export const STATUS_STYLE: Record<HostStatus | Severity, Style> = {
  ok: 'green',
  info: 'cyan',
  warning: 'yellow',
  critical: 'red',
  unreachable: 'magenta',
}
