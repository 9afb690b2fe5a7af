/**
 * Where each log goes, from the parsed configs: the logs that land in the journal, and the
 * ones fleet cannot read on the host (stderr, a file descriptor, a remote syslog server).
 * An unreadable log is `host/partial` naming where it went, and a check that had no other
 * log of that family says skipped: never "healthy" on nothing.
 */
import type {FpmInstallConfig} from '../fpm/types.js'
import {nginxLogDestinations, streamTarget, type LogDestination} from '../nginx/log-files.js'
import type {NginxConfig} from '../nginx/types.js'

export type {LogDestination} from '../nginx/log-files.js'

/** Pool settings that name a log (contract kinds fpm-access, fpm-slowlog, php-error). */
const POOL_LOG_KEYS = ['access.log', 'slowlog', 'php_admin_value[error_log]', 'php_value[error_log]']

export function fpmLogDestinations(binary: string, config: FpmInstallConfig): LogDestination[] {
  const found: LogDestination[] = []
  const global = config.global.error_log
  if (global !== undefined) {
    const at = config.globalWhere.error_log ?? binary
    const base = {source: 'fpm', directive: `error_log = ${global}`, target: global, at} as const
    // FPM sends `error_log = syslog` through syslog(3): /dev/log, the journal on systemd hosts.
    if (global === 'syslog' || global.startsWith('syslog:')) found.push({...base, readable: 'journal'})
    else {
      const stream = streamTarget(global)
      if (stream) found.push({...base, readable: stream})
    }
  }
  for (const pool of config.pools) {
    for (const key of POOL_LOG_KEYS) {
      const value = pool.settings[key]
      const stream = value === undefined ? null : streamTarget(value)
      if (value !== undefined && stream) {
        found.push({source: 'fpmPool', directive: `[${pool.name}] ${key} = ${value}`, target: value, at: pool.where[key] ?? `${binary} pool ${pool.name}`, readable: stream})
      }
    }
  }
  return found
}

/** Every log destination of the host's nginx and FPM installs. */
export function logDestinations(nginx: NginxConfig | null, fpm: Array<{binary: string; config: FpmInstallConfig | null}>): LogDestination[] {
  return [...(nginx ? nginxLogDestinations(nginx) : []), ...fpm.flatMap((install) => (install.config ? fpmLogDestinations(install.binary, install.config) : []))]
}

/** The partial fact of an unreadable destination; its `log:` name lets logUnavailable give it as the skip reason. */
export function destinationFact(destination: LogDestination): {fact: string; reason: string} {
  return {fact: `log:${destination.target}`, reason: `${destination.directive} (${destination.at}): ${destination.readable}`}
}

const cache = new WeakMap<object, LogDestination[]>()

/** The unreadable destinations of a host, worked out once per facts object. */
export function unreadableLogs(facts: {nginx: {config: NginxConfig | null}; fpm: Array<{binary: string; config: FpmInstallConfig | null}>}): LogDestination[] {
  let found = cache.get(facts)
  if (!found) {
    found = logDestinations(facts.nginx.config, facts.fpm).filter((destination) => destination.readable !== 'journal')
    cache.set(facts, found)
  }
  return found
}
