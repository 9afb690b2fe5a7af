import {describe, expect, it} from 'vitest'
import {parseFpmDump} from '../../../src/fpm/parse-dump.js'
import {readFileSync} from 'node:fs'
import {fixture} from './helpers.js'

describe('parseFpmDump on real php-fpm8.2 -tt output', () => {
  it('reads the Debian default install', () => {
    const config = parseFpmDump(fixture('tt-default.txt'))
    expect(config.source).toBe('dump')
    expect(config.errors).toEqual([])
    expect(config.global.error_log).toBe('/var/log/php8.2-fpm.log')
    expect(config.global.pid).toBe('/run/php/php8.2-fpm.pid')
    // 'log_level = unknown value' is what FPM prints when unset; the default applies.
    expect(config.global.log_level).toBe('notice')
    expect(config.globalWhere.log_level).toBe('default')
    expect(config.pools.map((pool) => pool.name)).toEqual(['www'])
    const www = config.pools[0]
    expect(www.listen).toBe('/run/php/php8.2-fpm.sock')
    expect(www.listenKind).toBe('unix')
    expect(www.settings['pm.max_children']).toBe('5')
    expect(www.settings['listen.owner']).toBe('www-data')
    expect(www.settings['listen.backlog']).toBe('-1')
    expect(www.settings.request_terminate_timeout).toBe('0s')
    // 'listen.mode = undefined' -> the php-src default, marked as such.
    expect(www.settings['listen.mode']).toBe('0660')
    expect(www.where['listen.mode']).toBe('default')
    expect(www.settings).not.toHaveProperty('slowlog')
    expect(Object.values(www.settings)).not.toContain('undefined')
  })

  it('reads the dump of a log_level = debug install (microsecond stamps, "pid N, fpm_conf_dump(), line N:" prefix)', () => {
    // Recorded in the lab (fault fpm-debug): every line of the dump carries the debug prefix.
    const config = parseFpmDump(readFileSync(new URL('../../fixtures/logs/issue9/fpm-debug.tt.txt', import.meta.url), 'utf8'))
    expect(config.errors).toEqual([])
    expect(config.global.pid).toBe('/run/php/php8.2-fpm.pid')
    expect(config.pools.map((pool) => pool.name)).toEqual(['www'])
    expect(config.pools[0].listen).toBe('/run/php/php8.2-fpm.sock')
  })

  it('reads several pools, TCP listen, ACLs, php_value and env entries', () => {
    const config = parseFpmDump(fixture('tt-multi.txt'))
    expect(config.errors).toEqual([])
    expect(config.global.emergency_restart_interval).toBe('60s')
    expect(config.global.log_level).toBe('NOTICE')
    expect(config.pools.map((pool) => pool.name)).toEqual(['api', 'shop', 'www'])
    const [api, shop, www] = config.pools
    expect(api.settings['listen.acl_users']).toBe('www-data,nginx')
    expect(api.settings['listen.acl_groups']).toBe('adm')
    expect(api.settings['listen.mode']).toBe('0600')
    expect(api.where['listen.mode']).toBeUndefined()
    expect(api.settings.pm).toBe('ondemand')
    expect(shop.listen).toBe('127.0.0.1:9001')
    expect(shop.listenKind).toBe('tcp')
    expect(shop.settings['listen.backlog']).toBe('1024')
    expect(shop.settings.request_terminate_timeout).toBe('120s')
    expect(shop.settings['php_admin_value[memory_limit]']).toBe('256M')
    expect(shop.settings['env[APP_ENV]']).toBe('production')
    // FPM expands $pool itself in the dump.
    expect(www.settings.slowlog).toBe('/var/log/php-fpm/www.slow.log')
    expect(www.settings['pm.status_path']).toBe('/status')
  })

  it('shows where FPM resolves relative paths (localstatedir vs prefix)', () => {
    const config = parseFpmDump(fixture('tt-relative-paths.txt'))
    expect(config.global.pid).toBe('/var/run/x.pid')
    expect(config.global.error_log).toBe('/var/log/php-fpm.log')
    expect(config.pools[0].settings.slowlog).toBe('/usr/log/p1.slow')
    expect(config.pools[0].listenKind).toBe('tcp')
  })

  it.each([
    ['tt-unknown-entry.txt', "[/etc/php/8.2/fpm-broken/pool.d/shop.conf:5] unknown entry 'pm.max_chidlren'"],
    ['tt-bad-spare.txt', 'ALERT: [pool shop] pm.min_spare_servers(0) must be a positive value'],
    ['t-no-listen.txt', 'ALERT: [pool shop] no listen address have been defined!'],
    ['t-bad-time-suffix.txt', "unable to parse value for entry 'request_terminate_timeout': unknown suffix used in time value"],
    ['t-include-relative-error.txt', "Unable to globalize '/usr/pool.d/*.conf'"],
    ['t-slowlog-dir-missing.txt', 'Unable to create or open slowlog(/var/log/php-fpm/www.slow.log)'],
  ])('keeps the ERROR/ALERT lines of %s and builds no pools', (name, expected) => {
    const config = parseFpmDump(fixture(name))
    expect(config.pools).toEqual([])
    expect(config.errors.some((line) => line.includes(expected))).toBe(true)
    expect(config.errors.at(-1)).toMatch(/ERROR: FPM initialization failed$/)
  })

  it('keeps output that is not in zlog format as an error', () => {
    const config = parseFpmDump('sh: 1: php-fpm8.2: not found\n')
    expect(config.errors).toEqual(['sh: 1: php-fpm8.2: not found'])
    expect(config.pools).toEqual([])
  })
})
