/**
 * FPM's own post-processing of a pool (php-src sapi/fpm/fpm/fpm_conf.c
 * `fpm_conf_process_all_pools`), for the values a check reads. `php-fpm -tt` dumps the
 * values after it (fpm_conf_init_main: post_process, then fpm_conf_dump), so only the
 * model read from the conf files needs it:
 * - pm = dynamic: pm.start_servers unset (or <= 0) becomes
 *   min_spare_servers + (max_spare_servers - min_spare_servers) / 2 (integer division);
 * - pm = ondemand: pm.start_servers, pm.min_spare_servers, pm.max_spare_servers are set to 0;
 * - access.log set without access.format: `%R - %u %t "%m %r" %s`;
 * - ping.path set without ping.response: `pong`; ping.response without ping.path is dropped.
 * Values it changes are marked 'default' in `where`: no file line says them.
 */
import type {FpmPool} from './types.js'

const int = (value: string | undefined): number | null => (value !== undefined && /^\s*-?\d+\s*$/.test(value) ? Number(value) : null)

export function postProcessPool(pool: FpmPool): void {
  const {settings, where} = pool
  const set = (key: string, value: string) => {
    settings[key] = value
    where[key] = 'default'
  }
  const pm = settings.pm?.trim()
  if (pm === 'dynamic') {
    const start = int(settings['pm.start_servers'])
    const min = int(settings['pm.min_spare_servers'])
    const max = int(settings['pm.max_spare_servers'])
    if ((start === null || start <= 0) && min !== null && max !== null && min > 0 && max >= min) set('pm.start_servers', String(min + Math.trunc((max - min) / 2)))
  } else if (pm === 'ondemand') {
    for (const key of ['pm.start_servers', 'pm.min_spare_servers', 'pm.max_spare_servers']) set(key, '0')
  }
  if (settings['access.log'] && settings['access.format'] === undefined) set('access.format', '%R - %u %t "%m %r" %s')
  if (settings['ping.path']) {
    if (settings['ping.response'] === undefined) set('ping.response', 'pong')
  } else if (settings['ping.response'] !== undefined) {
    delete settings['ping.response']
    delete where['ping.response']
  }
}
