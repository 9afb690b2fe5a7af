import {escapeControls} from '../report/sanitize.js'
import type {ConfigDifference} from './compare.js'
import type {ConfigValue} from './config-entries.js'

export interface DiffResult {
  version: 1
  hosts: [string, string]
  equal: boolean
  differences: ConfigDifference[]
}

/**
 * `~ CONTEXT SETTING` then one line per host with the value and FILE:LINE (`-`/`+`: set on one host only).
 * Everything shown comes from the hosts: escaped here, whatever the caller did.
 */
export function renderDiff(result: DiffResult): string {
  const [a, b] = result.hosts.map(escapeControls)
  if (result.equal) return `${a} and ${b}: the effective nginx and PHP-FPM configuration is the same`
  const width = Math.max(a.length, b.length)
  const lines = [`${a} and ${b} differ in ${result.differences.length} setting${result.differences.length === 1 ? '' : 's'}:`]
  for (const difference of result.differences) {
    const mark = difference.a === null ? '+' : difference.b === null ? '-' : '~'
    const label = [difference.kind === 'fpm' ? 'php-fpm' : 'nginx', difference.context, difference.setting].filter(Boolean).join(' ')
    lines.push(`${mark} ${escapeControls(label)}`)
    lines.push(...side(a.padEnd(width), difference.a), ...side(b.padEnd(width), difference.b))
  }
  return lines.join('\n')
}

function side(host: string, values: ConfigValue[] | null): string[] {
  if (values === null) return [`    ${host}  (not set)`]
  return values.map((value) => `    ${host}  ${escapeControls(value.value)}  ${escapeControls(value.at)}`)
}
