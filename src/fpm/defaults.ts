/**
 * php-src defaults for the settings checks read, so a model built from the conf
 * files looks like one built from `php-fpm -tt` (which prints the effective values).
 * Sources: sapi/fpm/fpm/fpm_conf.c (`fpm_conf_init_main`, `fpm_worker_pool_config_alloc`,
 * `fpm_conf_process_all_pools`), fpm_unix.c (`fpm_unix_resolve_socket_premissions`),
 * fpm_sockets.h (FPM_BACKLOG_DEFAULT) and sapi/fpm/www.conf.in, checked against the
 * real php-fpm8.2 -tt output in test/fixtures/fpm/tt-minimal.txt.
 */
export interface FpmDefault {
  /** Effective value when the key is unset; null: no single value (see note). */
  value: string | null
  note?: string
}

export const FPM_GLOBAL_DEFAULTS: Record<string, FpmDefault> = {
  // Relative global paths are resolved against the localstatedir (/var), not the prefix.
  error_log: {value: 'log/php-fpm.log', note: 'relative to localstatedir (/var on Debian)'},
  log_level: {value: 'notice'},
  emergency_restart_threshold: {value: '0'},
  emergency_restart_interval: {value: '0s'},
  process_control_timeout: {value: '0s'},
  'process.max': {value: '0'},
  daemonize: {value: 'yes'},
  systemd_interval: {value: '10s'},
}

export const FPM_POOL_DEFAULTS: Record<string, FpmDefault> = {
  // pm, pm.max_children and (as root) user are required: FPM refuses to start without them.
  group: {value: null, note: "the pool user's primary group"},
  'listen.backlog': {value: '-1', note: '-1 on Linux/FreeBSD/OpenBSD = the kernel limit (net.core.somaxconn); 511 elsewhere'},
  // The socket is chown()ed only when listen.owner/group are set: otherwise it keeps the
  // owner of the process that created it, the FPM master (root under systemd).
  'listen.owner': {value: null, note: 'the FPM master process user (root under systemd)'},
  'listen.group': {value: null, note: "listen.owner's group, else the master's group"},
  'listen.mode': {value: '0660'},
  'pm.max_spawn_rate': {value: '32'},
  'pm.process_idle_timeout': {value: '10s'},
  'pm.max_requests': {value: '0'},
  request_terminate_timeout: {value: '0', note: '0 = off'},
  request_slowlog_timeout: {value: '0', note: '0 = off'},
  request_slowlog_trace_depth: {value: '20'},
  catch_workers_output: {value: 'no'},
  clear_env: {value: 'yes'},
  'security.limit_extensions': {value: '.php .phar'},
}

/**
 * Fill unset keys from a defaults table; `where` says 'default' for each so
 * evidence never pretends a default came from a file.
 */
export function applyDefaults(
  settings: Record<string, string>,
  where: Record<string, string>,
  table: Record<string, FpmDefault>,
): void {
  for (const [key, def] of Object.entries(table)) {
    if (key in settings || def.value === null) continue
    settings[key] = def.value
    where[key] = 'default'
  }
}
