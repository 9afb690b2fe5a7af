/** The user nginx workers run as: the socket permission checks need it. */
import {DIRECTIVE_DEFAULTS} from './directive-table.js'
import type {NginxConfig} from './types.js'

export interface WorkerUser {
  user: string
  group: string
  source: 'directive' | 'compiled' | 'default'
  file?: string
  line?: number
}

/**
 * `user USER [GROUP]` in the main context (a missing group is the user's
 * name, as nginx does), else the compiled default (`nginx -V` `--user=`,
 * `--group=`), else `nobody nobody`.
 */
export function workerUser(config: NginxConfig, compiledDefault?: string | {user: string; group?: string}): WorkerUser {
  const d = config.tree.find((n) => n.directive === 'user')
  if (d && d.args[0]) return {user: d.args[0], group: d.args[1] ?? d.args[0], source: 'directive', file: d.file, line: d.line}
  const compiled = typeof compiledDefault === 'string' ? {user: compiledDefault} : compiledDefault
  if (compiled?.user) return {user: compiled.user, group: compiled.group ?? compiled.user, source: 'compiled'}
  const [user, group] = DIRECTIVE_DEFAULTS.user
  return {user, group, source: 'default'}
}
