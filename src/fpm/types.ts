/** One PHP-FPM pool as FPM itself would run it. */
export interface FpmPool {
  name: string
  /** File and line of the `[name]` section header (or of the directive, see `where`). */
  file?: string
  line?: number
  /** Unix socket path or TCP `ADDR:PORT` / `PORT`. */
  listen: string
  listenKind: 'unix' | 'tcp'
  /** Every directive of the pool, as key => value (e.g. 'pm.max_children' => '5'). */
  settings: Record<string, string>
  /** key => FILE:LINE where set, when known. */
  where: Record<string, string>
}

export interface FpmInstallConfig {
  /** Global section (error_log, log_level, emergency_restart_*, ...). */
  global: Record<string, string>
  globalWhere: Record<string, string>
  pools: FpmPool[]
  /** Source of the model: the `-tt` dump or the conf files. */
  source: 'dump' | 'files'
  errors: string[]
}

/**
 * An empty key => value record without a prototype. Its keys come from a host's config
 * files: `__proto__ = x` must be kept as the setting it is (FPM refuses it as an unknown
 * entry; a plain object would silently drop it), and `constructor` must not read as set.
 */
export function settingsRecord(): Record<string, string> {
  return Object.create(null) as Record<string, string>
}
