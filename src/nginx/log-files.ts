/** Log files nginx writes, wherever they are set, for the probe to tail. */
import {posix} from 'node:path'
import {ACCESS_LOG_OPTIONS, NON_FILE_LOGS} from './directive-table.js'
import type {NginxConfig, NginxDirective} from './types.js'
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

const logDirectivesByConfig = new WeakMap<NginxConfig, readonly NginxDirective[]>()

/**
 * The config's error_log and access_log directives, in tree order, found by one walk per
 * config: a fleet mostly shares one parsed config (the dump cache), and each host asks
 * for its logs several times.
 */
function logDirectives(config: NginxConfig): readonly NginxDirective[] {
  let found = logDirectivesByConfig.get(config)
  if (!found) {
    const list: NginxDirective[] = []
    walk(config.tree, (node) => {
      if (KINDS[node.directive]) list.push(node)
    })
    logDirectivesByConfig.set(config, (found = list))
  }
  return found
}

/**
 * Skips `off`, `syslog:`, `stderr`, `/dev/*`, `memory:`. `prefix` is nginx's
 * `--prefix` (relative log paths are against it, not against the conf dir).
 */
export function logFiles(config: NginxConfig, options: {prefix?: string} = {}): LogFile[] {
  const byKey = new Map<string, LogFile>()
  for (const node of logDirectives(config)) {
    const kind = KINDS[node.directive]
    const [raw, ...rest] = node.args
    if (!kind || !raw || NON_FILE_LOGS.some((re) => re.test(raw))) continue
    const path = options.prefix && !raw.startsWith('/') ? posix.join(options.prefix, raw) : raw
    const entry: LogFile =
      kind === 'access'
        ? {kind, path, format: rest.find((a) => !ACCESS_LOG_OPTIONS.test(a)) ?? 'combined', sites: []}
        : {kind, path, level: rest[0] ?? 'error', sites: []}
    const key = `${kind}\0${path}`
    const known = byKey.get(key) ?? entry
    known.sites.push({file: node.file, line: node.line})
    byKey.set(key, known)
  }
  return [...byKey.values()]
}

/** A log nginx or FPM writes somewhere fleet cannot read on the host, or to the journal. */
export interface LogDestination {
  /** Which family of logs: where a check reading that family looks for gaps. */
  source: 'nginxError' | 'nginxAccess' | 'fpm' | 'fpmPool'
  /** The directive as written (`error_log stderr`, `access.log = /proc/self/fd/2`). */
  directive: string
  /** Where the lines go, as written. */
  target: string
  /** FILE:LINE (or the FPM install) that sets it. */
  at: string
  /** `journal`: read with journalctl; else why it cannot be read. */
  readable: 'journal' | string
}

// The local syslog sockets journald listens on: `syslog:server=unix:/dev/log` lands in the journal.
const JOURNAL_SOCKETS = new Set(['unix:/dev/log', 'unix:/run/systemd/journal/dev-log', 'unix:/run/systemd/journal/syslog'])
const STREAMS = /^(?:stderr|stdout|\/dev\/(?:stderr|stdout|fd\/\d+)|\/proc\/(?:self|\d+)\/fd\/\d+)$/

/** Why a stream target cannot be read, or null when it is not one. */
export function streamTarget(target: string): string | null {
  return STREAMS.test(target) ? `${target} is the process's own output (a container's log or a supervisor's): fleet cannot read it on the host` : null
}

/**
 * nginx logs that do not go to a file: to the journal (`error_log syslog:server=unix:/dev/log`,
 * read with journalctl), to a remote syslog server, or to stderr / a file descriptor (not readable).
 * `off` and `memory:` (a debug ring buffer) are not logs to read.
 */
export function nginxLogDestinations(config: NginxConfig): LogDestination[] {
  const found: LogDestination[] = []
  for (const node of logDirectives(config)) {
    const kind = KINDS[node.directive]
    const target = node.args[0]
    if (!kind || !target) continue
    const source = kind === 'error' ? 'nginxError' : 'nginxAccess'
    const base = {source, directive: `${node.directive} ${target}`, target, at: `${node.file}:${node.line}`} as const
    if (target.startsWith('syslog:')) {
      const server = /(?:^syslog:|,)server=([^,]+)/.exec(target)?.[1] ?? ''
      const local = JOURNAL_SOCKETS.has(server)
      if (local && kind === 'error') found.push({...base, readable: 'journal'})
      else if (local) found.push({...base, readable: `access_log to syslog (${server}) is not read: fleet reads access logs from files`})
      else found.push({...base, readable: `syslog server ${server || '(none named)'} is off this host: fleet cannot read it`})
      continue
    }
    const stream = streamTarget(target)
    if (stream) found.push({...base, readable: stream})
  }
  return found
}

/**
 * File logs the config names that the probe sent nothing for (neither lines nor a failed read):
 * a path with variables (`/var/log/nginx/$host.log`), or a directive the probe's line scan did
 * not see (a one-line `location / { access_log ...; }`). Each is a gap to say, never silence.
 */
export function logsNotRead(config: NginxConfig, seen: (path: string) => boolean): Array<{file: LogFile; reason: string}> {
  return logFiles(config).flatMap((file) => {
    if (seen(file.path)) return []
    const site = file.sites[0]
    const at = site ? ` (${site.file}:${site.line})` : ''
    const reason = file.path.includes('$')
      ? `${file.kind}_log ${file.path}${at} names its file with variables: fleet cannot tell which files to read`
      : `${file.kind}_log ${file.path}${at} is in the config but the probe did not read it`
    return [{file, reason}]
  })
}
