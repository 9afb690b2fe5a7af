import {describe, expect, it} from 'vitest'
import {parseFpmDuration} from '../../../src/fpm/durations.js'
import {parseFpmDump} from '../../../src/fpm/parse-dump.js'
import {parseFpmFiles} from '../../../src/fpm/parse-files.js'
import {fixture, hostFiles} from './helpers.js'

const MULTI_MAIN = '/etc/php/8.2/fpm-multi/php-fpm.conf'

// Settings whose dump text differs from the file text only by FPM's normalisation (30s vs 30).
const TIME_KEYS = new Set(['request_terminate_timeout', 'request_slowlog_timeout', 'pm.process_idle_timeout', 'emergency_restart_interval', 'process_control_timeout'])

function same(key: string, a: string, b: string): boolean {
  return TIME_KEYS.has(key) ? parseFpmDuration(a) === parseFpmDuration(b) : a === b
}

describe('parseFpmFiles', () => {
  it('agrees with the real -tt dump of the same files (several pools, tcp, acl)', () => {
    const files = parseFpmFiles(hostFiles('multi'), MULTI_MAIN)
    const dump = parseFpmDump(fixture('tt-multi.txt'))
    expect(files.source).toBe('files')
    expect(files.errors).toEqual([])
    expect(files.pools.map((pool) => pool.name)).toEqual(dump.pools.map((pool) => pool.name))
    for (const pool of files.pools) {
      const twin = dump.pools.find((candidate) => candidate.name === pool.name)!
      expect(pool.listen).toBe(twin.listen)
      expect(pool.listenKind).toBe(twin.listenKind)
      for (const [key, value] of Object.entries(pool.settings)) {
        if (key in twin.settings) expect(same(key, value, twin.settings[key]), `${pool.name} ${key}: ${value} vs ${twin.settings[key]}`).toBe(true)
      }
    }
    for (const key of ['error_log', 'pid', 'emergency_restart_threshold', 'emergency_restart_interval']) {
      expect(same(key, files.global[key], dump.global[key]), key).toBe(true)
    }
  })

  it('records FILE:LINE for every setting and the pool header', () => {
    const config = parseFpmFiles(hostFiles('multi'), MULTI_MAIN)
    const shop = config.pools.find((pool) => pool.name === 'shop')!
    expect(shop.file).toBe('/etc/php/8.2/fpm-multi/pool.d/shop.conf')
    expect(shop.line).toBe(2)
    expect(shop.where.listen).toBe('/etc/php/8.2/fpm-multi/pool.d/shop.conf:5')
    expect(shop.where.request_terminate_timeout).toBe('/etc/php/8.2/fpm-multi/pool.d/shop.conf:10')
    // quoted value, comment line above the section
    expect(shop.settings['php_value[max_execution_time]']).toBe('120')
    expect(config.globalWhere.error_log).toBe(`${MULTI_MAIN}:4`)
    const www = config.pools.find((pool) => pool.name === 'www')!
    expect(www.settings.slowlog).toBe('/var/log/php-fpm/www.slow.log')
  })

  it('fills php-src defaults and says so', () => {
    const config = parseFpmFiles(hostFiles('multi'), MULTI_MAIN)
    const shop = config.pools.find((pool) => pool.name === 'shop')!
    expect(shop.settings['listen.mode']).toBe('0660')
    expect(shop.where['listen.mode']).toBe('default')
    expect(shop.settings.request_slowlog_timeout).toBe('0')
    expect(shop.settings['listen.backlog']).toBe('1024')
    const api = config.pools.find((pool) => pool.name === 'api')!
    expect(api.settings['listen.backlog']).toBe('-1')
    expect(api.settings.request_terminate_timeout).toBe('0')
    expect(api.where.request_terminate_timeout).toBe('/etc/php/8.2/fpm-multi/pool.d/api.conf:13')
    // No listen.owner: the socket keeps the master's owner; we do not invent one.
    expect(shop.settings).not.toHaveProperty('listen.owner')
  })

  it('reads the stock Debian files like the stock dump', () => {
    const config = parseFpmFiles(hostFiles('default'), '/etc/php/8.2/fpm/php-fpm.conf')
    const dump = parseFpmDump(fixture('tt-default.txt'))
    expect(config.errors).toEqual([])
    expect(config.pools.map((pool) => pool.name)).toEqual(['www'])
    for (const key of ['listen', 'listen.owner', 'listen.group', 'pm', 'pm.max_children', 'pm.start_servers', 'user', 'group', 'listen.mode']) {
      expect(config.pools[0].settings[key], key).toBe(dump.pools[0].settings[key])
    }
    expect(config.global.error_log).toBe(dump.global.error_log)
    expect(config.global.log_level).toBe('notice')
  })

  it('resolves relative paths like FPM did on the real host', () => {
    const config = parseFpmFiles(hostFiles('relative'), '/etc/php/8.2/fpm-noerr/php-fpm.conf')
    const dump = parseFpmDump(fixture('tt-relative-paths.txt'))
    expect(config.global.pid).toBe(dump.global.pid)
    expect(config.global.error_log).toBe(dump.global.error_log)
    expect(config.global.error_log).toBe('/var/log/php-fpm.log')
    expect(config.globalWhere.error_log).toBe('default')
    expect(config.pools[0].settings.slowlog).toBe(dump.pools[0].settings.slowlog)
  })

  it('resolves a relative include against the prefix, as FPM does (and reports the miss)', () => {
    const files = [...hostFiles('include-relative'), ...hostFiles('multi').filter((file) => file.path.includes('/pool.d/'))]
    const config = parseFpmFiles(files, MULTI_MAIN)
    expect(config.pools).toEqual([])
    expect(config.errors.join('\n')).toContain(`${MULTI_MAIN}:9: include=pool.d/*.conf matched no file`)
    expect(config.errors.join('\n')).toContain('/usr/pool.d/*.conf')
    const moved = files.map((file) => ({...file, path: file.path.replace('/etc/php/8.2/fpm-multi/pool.d/', '/usr/pool.d/')}))
    expect(parseFpmFiles(moved, MULTI_MAIN).pools.map((pool) => pool.name)).toEqual(['api', 'shop', 'www'])
  })

  it('handles comments, quotes, ${ENV}, merged pools and entries after an include', () => {
    const files = [
      {path: '/etc/fpm/main.conf', content: '[global]\nerror_log = "/var/log/fpm.log" ; quoted\ninclude = /etc/fpm/d/*.conf\nlisten.backlog = 64\n'},
      {path: '/etc/fpm/d/b.conf', content: "[app]\npm.max_children = 7\nenv[DB] = ${DB_HOST}\nuser = 'web'\n"},
      {path: '/etc/fpm/d/a.conf', content: '; first by name\n[app]\nlisten = /run/$pool.sock\npm = static\npm.max_children = 3\n'},
      {path: '/etc/fpm/d/skip.txt', content: '[other]\nlisten = 1\n'},
    ]
    const config = parseFpmFiles(files, '/etc/fpm/main.conf')
    expect(config.errors).toEqual([])
    expect(config.global.error_log).toBe('/var/log/fpm.log')
    expect(config.pools).toHaveLength(1)
    const [app] = config.pools
    expect(app.file).toBe('/etc/fpm/d/a.conf')
    expect(app.line).toBe(2)
    expect(app.listen).toBe('/run/app.sock')
    expect(app.settings['pm.max_children']).toBe('7')
    expect(app.where['pm.max_children']).toBe('/etc/fpm/d/b.conf:2')
    expect(app.settings['env[DB]']).toBe('${DB_HOST}')
    expect(app.settings.user).toBe('web')
    // fpm_conf.c keeps the last pool current after include=: the line lands in [app].
    expect(app.settings['listen.backlog']).toBe('64')
    expect(app.where['listen.backlog']).toBe('/etc/fpm/main.conf:4')
  })

  it('names the file and line of what it cannot parse, and a missing main file', () => {
    const config = parseFpmFiles([{path: '/etc/fpm.conf', content: '[www]\nlisten = /run/a.sock\nthis is not ini\n'}], '/etc/fpm.conf')
    expect(config.errors).toEqual(["/etc/fpm.conf:3: cannot parse 'this is not ini'"])
    expect(parseFpmFiles([], '/etc/nope.conf').errors).toEqual(['/etc/nope.conf: main configuration file was not read'])
    const noListen = parseFpmFiles([{path: '/e.conf', content: '[www]\npm = static\n'}], '/e.conf')
    expect(noListen.errors).toEqual(['/e.conf:1: [pool www] no listen address have been defined'])
  })

  it('keeps keys a plain object would eat or invent (__proto__, constructor) as the data they are', () => {
    const content = '__proto__ = /tmp/g\n[www]\nlisten = /run/a.sock\n__proto__ = x\n'
    const config = parseFpmFiles([{path: '/e.conf', content}], '/e.conf')
    const www = config.pools[0]
    expect(Object.keys(www.settings)).toContain('__proto__')
    expect(www.settings['__proto__']).toBe('x')
    expect(www.where['__proto__']).toBe('/e.conf:4')
    expect(config.global['__proto__']).toBe('/tmp/g')
    expect(www.settings['constructor']).toBeUndefined()
  })
})
