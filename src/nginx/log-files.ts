/** Log files nginx writes, wherever they are set, for the probe to tail. */
import {posix} from 'node:path'
import {ACCESS_LOG_OPTIONS, NON_FILE_LOGS} from './directive-table.js'
import type {NginxConfig} from './types.js'
import {walk} from './walk.js'

export interface LogFile {
  kind: 'error' | 'access'
  /** As written; resolved against `prefix` when one was given and it is relative. */
  path: string
  /** access_log format name (`combined` when none is written). */
  format?: string
  /** error_log level (`error` when none is written). */
  level?: string
  /** Every place that names this path, first one first. */
  sites: Array<{file: string; line: number}>
}

const KINDS: Record<string, LogFile['kind']> = {error_log: 'error', access_log: 'access'}

/**
 * Skips `off`, `syslog:`, `stderr`, `/dev/*`, `memory:`. `prefix` is nginx's
 * `--prefix` (relative log paths are against it, not against the conf dir).
 */
export function logFiles(config: NginxConfig, options: {prefix?: string} = {}): LogFile[] {
  const byKey = new Map<string, LogFile>()
  walk(config.tree, (node) => {
    const kind = KINDS[node.directive]
    const [raw, ...rest] = node.args
    if (!kind || !raw || NON_FILE_LOGS.some((re) => re.test(raw))) return
    const path = options.prefix && !raw.startsWith('/') ? posix.join(options.prefix, raw) : raw
    const entry: LogFile =
      kind === 'access'
        ? {kind, path, format: rest.find((a) => !ACCESS_LOG_OPTIONS.test(a)) ?? 'combined', sites: []}
        : {kind, path, level: rest[0] ?? 'error', sites: []}
    const key = `${kind}\0${path}`
    const known = byKey.get(key) ?? entry
    known.sites.push({file: node.file, line: node.line})
    byKey.set(key, known)
  })
  return [...byKey.values()]
}
