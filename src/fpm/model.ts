/**
 * Which FPM model to trust. A successful `php-fpm -tt` whose dump holds no pool is not
 * "no pools": the dump is logged at NOTICE, so `log_level = warning` (or higher) makes
 * FPM print nothing but the test result. A model with no pools would make every pool
 * check go quiet; the conf files are read instead, and the switch is said.
 */
import type {FpmInstallConfig} from './types.js'

const LOG_LEVELS = new Set(['debug', 'notice', 'warning', 'error', 'alert'])

export interface ChosenModel {
  config: FpmInstallConfig | null
  /** Why the dump was not used (a partial fact), when it was not. */
  notice?: string
}

export function chooseFpmModel(dump: FpmInstallConfig, files: FpmInstallConfig | null, options: {logLevel?: string} = {}): ChosenModel {
  // The probe lowers log_level for the dump; the configured level rides on the frame.
  const raw = options.logLevel?.toLowerCase()
  const level = raw && LOG_LEVELS.has(raw) ? raw : undefined
  const chosen = choose(dump, files, level)
  if (level && chosen.config) {
    chosen.config.global.log_level = level
    chosen.config.globalWhere.log_level = files?.globalWhere.log_level ?? 'configured'
  }
  return chosen
}

function choose(dump: FpmInstallConfig, files: FpmInstallConfig | null, level: string | undefined): ChosenModel {
  // ERROR/ALERT lines: the config did not load (an exit status lost in a pipeline looks like success); no pools is the truth then.
  if (dump.pools.length > 0 || dump.errors.length > 0) return {config: dump}
  const why = `php-fpm -tt succeeded but printed no pool (its dump is logged at NOTICE${level && level !== 'notice' && level !== 'debug' ? `; log_level = ${level}` : ''})`
  if (files && files.pools.length > 0) return {config: files, notice: `${why}: pools read from the conf files`}
  return {config: files ?? dump, notice: `${why}, and the conf files gave none either: pool checks cannot judge`}
}
