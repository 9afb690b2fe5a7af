import {posix} from 'node:path'

/**
 * Where FPM resolves relative paths (php-src fpm_conf.c `fpm_evaluate_full_path`):
 * global `pid`/`error_log` against the localstatedir, `include=` and pool log
 * paths against the pool `prefix`, else the global prefix. Verified with real
 * `php-fpm8.2 -tt` runs: test/fixtures/fpm/tt-relative-paths.txt and
 * t-include-relative-error.txt (`include=pool.d/*.conf` -> '/usr/pool.d/*.conf').
 */
export interface FpmPathOptions {
  /** Compiled-in prefix, or `-p`. Debian: /usr. */
  prefix?: string
  /** Compiled-in localstatedir. Debian: /var. */
  localstatedir?: string
}

export const FPM_PATH_DEFAULTS: Required<FpmPathOptions> = {prefix: '/usr', localstatedir: '/var'}

/** Keys whose relative values FPM expands, and against what. */
export const GLOBAL_PATH_KEYS: Record<string, 'localstatedir'> = {pid: 'localstatedir', error_log: 'localstatedir'}
export const POOL_PATH_KEYS = ['slowlog', 'access.log'] as const

export function resolveFpmPath(value: string, base: string): string {
  // error_log = syslog is a destination, not a file.
  if (value.startsWith('/') || value === 'syslog' || value.startsWith('syslog:')) return value
  return posix.join(base, value)
}
