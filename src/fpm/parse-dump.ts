import {type FpmInstallConfig, type FpmPool, settingsRecord} from './types.js'
import {applyDefaults, FPM_GLOBAL_DEFAULTS, FPM_POOL_DEFAULTS} from './defaults.js'
import {listenKind} from './listen.js'

/**
 * Parser for `php-fpmX.Y -tt` (stderr). php-src fpm_conf.c `fpm_conf_dump` logs,
 * at NOTICE, `[global]`, then `\tkey = value` lines, a ` ` separator, then each
 * `[pool]` the same way, and finally `configuration file PATH test is successful`.
 * Unset values print as `undefined` (dropped here, then php-src defaults fill in).
 * On a broken config FPM logs ERROR/ALERT lines and no dump: those are kept in `errors`.
 */
const LINE = /^\[(\d{2}-\w{3}-\d{4} \d{2}:\d{2}:\d{2})(?:\.\d+)?\] (DEBUG|NOTICE|WARNING|ERROR|ALERT): (.*)$/
// At `log_level = debug` zlog stamps microseconds and prefixes every message with
// where it was logged (php-src zlog.c): `pid 80, fpm_conf_dump(), line 1720: `.
const DEBUG_PREFIX = /^pid \d+, \w+\(\), line \d+: /
const SECTION = /^\[([^\]]+)\]$/
const ENTRY = /^\t(\S+) = (.*)$/
// Placeholders fpm_conf_dump prints for unset values (log_level prints 'unknown value' when unset).
const UNSET_VALUES = new Set(['undefined', 'unknown value'])

export function parseFpmDump(stderr: string): FpmInstallConfig {
  const config: FpmInstallConfig = {global: settingsRecord(), globalWhere: settingsRecord(), pools: [], source: 'dump', errors: []}
  let settings: Record<string, string> | null = null

  for (const raw of stderr.split('\n')) {
    const line = raw.replace(/\r$/, '')
    if (line.trim() === '') continue
    const match = LINE.exec(line)
    if (!match) {
      // Anything not in zlog's format (e.g. 'php-fpm8.2: not found') is an error to show as is.
      config.errors.push(line)
      continue
    }
    const [, , level, logged] = match
    const message = logged.replace(DEBUG_PREFIX, '')
    if (level === 'ERROR' || level === 'ALERT') {
      config.errors.push(line)
      continue
    }
    const section = SECTION.exec(message)
    if (section) {
      settings = startSection(config, section[1])
      continue
    }
    const entry = ENTRY.exec(message)
    if (entry && settings && !UNSET_VALUES.has(entry[2])) settings[entry[1]] = entry[2]
  }

  applyDefaults(config.global, config.globalWhere, FPM_GLOBAL_DEFAULTS)
  for (const pool of config.pools) {
    applyDefaults(pool.settings, pool.where, FPM_POOL_DEFAULTS)
    pool.listen = pool.settings.listen ?? ''
    pool.listenKind = listenKind(pool.listen)
  }
  return config
}

function startSection(config: FpmInstallConfig, name: string): Record<string, string> {
  if (name === 'global') return config.global
  const pool: FpmPool = {name, listen: '', listenKind: 'unix', settings: settingsRecord(), where: settingsRecord()}
  config.pools.push(pool)
  return pool.settings
}
