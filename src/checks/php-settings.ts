/**
 * A PHP ini setting as a pool runs it: the pool's `php_admin_value[KEY]` (which wins) or
 * `php_value[KEY]`, else the install's php.ini or the scan directory file (conf.d) that overrides
 * it (the `php-ini` fact), else PHP's default.
 */
import type {FpmPool} from '../fpm/types.js'
import type {FpmInstall, HostFacts} from '../probe/facts.js'

/** php-src main/main.c defaults of the settings the checks show. */
export const PHP_INI_DEFAULTS: Record<string, string> = {memory_limit: '128M', max_execution_time: '30'}

export interface PhpSetting {
  value: string
  /** `FILE:LINE`, `php.ini PATH`, `default`, or why it is unknown. */
  at: string
  known: boolean
}

export function phpSetting(facts: HostFacts, ref: {install: FpmInstall; pool: FpmPool} | undefined, key: string): PhpSetting {
  if (ref) {
    for (const name of [`php_admin_value[${key}]`, `php_value[${key}]`]) {
      const value = ref.pool.settings[name]
      if (value === undefined) continue
      const where = ref.pool.where[name]
      return {value, at: where && where !== 'default' ? `[${ref.pool.name}] ${name}, ${where}` : `[${ref.pool.name}] ${name}`, known: true}
    }
  }
  const inis = facts.evidence.phpIni.filter((ini) => !ref || ini.name === ref.install.binary)
  const ini = inis.length === 1 || ref ? inis[0] : undefined
  if (ini) {
    const value = ini.values[key]
    if (value !== undefined) return {value, at: ini.from?.[key] ?? ini.path, known: true}
    if (PHP_INI_DEFAULTS[key]) return {value: PHP_INI_DEFAULTS[key], at: `default, not set in ${ini.path}`, known: true}
  }
  return {value: '?', at: 'php.ini not read', known: false}
}

/** `memory_limit = 128M (/etc/php/8.2/fpm/php.ini)`. */
export function describePhpSetting(key: string, setting: PhpSetting): string {
  return setting.known ? `${key} = ${setting.value} (${setting.at})` : `${key} unknown (${setting.at})`
}
