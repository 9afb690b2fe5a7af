import {describe, expect, it} from 'vitest'
import {parseFpmDump} from '../../../src/fpm/parse-dump.js'
import {parseFpmFiles} from '../../../src/fpm/parse-files.js'
import {fixture, hostFiles} from './helpers.js'

const MULTI_MAIN = '/etc/php/8.2/fpm-multi/php-fpm.conf'
/** Values fpm_conf.c (fpm_conf_process_all_pools) sets after reading the files, which checks read. */
const POST_PROCESSED = ['pm.start_servers', 'pm.min_spare_servers', 'pm.max_spare_servers', 'access.format', 'ping.response']

describe("FPM's post-processing in the files model", () => {
  it('the files model has what the real -tt dump of the same files shows (ondemand zeroes the spare settings)', () => {
    const files = parseFpmFiles(hostFiles('multi'), MULTI_MAIN)
    const dump = parseFpmDump(fixture('tt-multi.txt'))
    for (const twin of dump.pools) {
      const pool = files.pools.find((candidate) => candidate.name === twin.name)!
      for (const key of POST_PROCESSED) {
        if (twin.settings[key] === undefined || (twin.settings.pm !== 'ondemand' && twin.settings.pm !== 'dynamic' && key.startsWith('pm.'))) continue
        expect(pool.settings[key], `[${pool.name}] ${key}`).toBe(twin.settings[key])
      }
    }
  })

  const pool = (body: string) =>
    parseFpmFiles([{path: '/etc/php/8.2/fpm/php-fpm.conf', content: `[global]\n[www]\nlisten = /run/php/www.sock\nuser = www-data\n${body}`}], '/etc/php/8.2/fpm/php-fpm.conf').pools[0]

  it('pm = ondemand: start/min/max spare are 0 whatever the file says, marked as not from a file line', () => {
    const www = pool('pm = ondemand\npm.max_children = 5\npm.start_servers = 4\n')
    expect([www.settings['pm.start_servers'], www.settings['pm.min_spare_servers'], www.settings['pm.max_spare_servers']]).toEqual(['0', '0', '0'])
    expect(www.where['pm.start_servers']).toBe('default')
  })

  it('pm = dynamic without start_servers: min + (max - min) / 2, integer division', () => {
    expect(pool('pm = dynamic\npm.max_children = 10\npm.min_spare_servers = 2\npm.max_spare_servers = 7\n').settings['pm.start_servers']).toBe('4')
    expect(pool('pm = dynamic\npm.max_children = 10\npm.start_servers = 3\npm.min_spare_servers = 2\npm.max_spare_servers = 7\n').settings['pm.start_servers']).toBe('3')
  })

  it('access.format and ping.response defaults apply only with access.log / ping.path', () => {
    const www = pool('pm = static\npm.max_children = 2\naccess.log = /var/log/www.access.log\nping.path = /ping\n')
    expect(www.settings['access.format']).toBe('%R - %u %t "%m %r" %s')
    expect(www.settings['ping.response']).toBe('pong')
    const bare = pool('pm = static\npm.max_children = 2\nping.response = hi\n')
    expect(bare.settings['access.format']).toBeUndefined()
    expect(bare.settings['ping.response']).toBeUndefined()
  })
})
