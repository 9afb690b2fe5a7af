import {describe, expect, it} from 'vitest'

import {canonicalPath, describeAddress, poolServes, splitTcpListen} from '../../../src/checks/fpm-pool-match.js'
import type {FpmPool} from '../../../src/fpm/types.js'
import {parseAddress} from '../../../src/nginx/query.js'

const pool = (listen: string, listenKind: 'unix' | 'tcp'): FpmPool => ({name: 'www', listen, listenKind, settings: {}, where: {}})

describe('poolServes', () => {
  // [pool listen, kind, nginx address as written in fastcgi_pass, serves?]
  const cases: Array<[string, 'unix' | 'tcp', string, boolean]> = [
    ['/run/php/php8.2-fpm.sock', 'unix', 'unix:/run/php/php8.2-fpm.sock', true],
    ['/run/php/php8.2-fpm.sock', 'unix', 'unix:/var/run/php/php8.2-fpm.sock', true],
    ['/run/php/php8.2-fpm.sock', 'unix', 'unix:/run/php/php7.4-fpm.sock', false],
    ['127.0.0.1:9000', 'tcp', '127.0.0.1:9000', true],
    ['127.0.0.1:9000', 'tcp', 'localhost:9000', true],
    ['127.0.0.1:9000', 'tcp', '127.0.0.1:9001', false],
    ['127.0.0.1:9000', 'tcp', '10.0.0.5:9000', false],
    ['9000', 'tcp', '10.0.0.5:9000', true],
    ['0.0.0.0:9000', 'tcp', '127.0.0.1:9000', true],
    ['[::1]:9000', 'tcp', '[::1]:9000', true],
    ['127.0.0.1:9000', 'tcp', 'unix:/run/php/php8.2-fpm.sock', false],
  ]
  for (const [listen, kind, address, serves] of cases) {
    it(`${listen} ${serves ? 'serves' : 'does not serve'} ${address}`, () => {
      expect(poolServes(pool(listen, kind), parseAddress(address, null))).toBe(serves)
    })
  }

  it('never matches an address only known per request', () => {
    expect(poolServes(pool('/run/php/x.sock', 'unix'), {kind: 'variable', raw: '$backend'})).toBe(false)
  })
})

describe('helpers', () => {
  it('canonicalPath folds /var/run into /run only as a leading directory', () => {
    expect(canonicalPath('/var/run/php/x.sock')).toBe('/run/php/x.sock')
    expect(canonicalPath('/srv/var/run/x.sock')).toBe('/srv/var/run/x.sock')
  })
  it('splitTcpListen', () => {
    expect(splitTcpListen('9000')).toEqual({host: '', port: 9000})
    expect(splitTcpListen('[::]:9001')).toEqual({host: '[::]', port: 9001})
    expect(splitTcpListen('/run/php/x.sock')).toBeNull()
  })
  it('describeAddress speaks nginx', () => {
    expect(describeAddress(parseAddress('unix:/run/php/x.sock', null))).toBe('unix:/run/php/x.sock')
    expect(describeAddress(parseAddress('127.0.0.1:9000', null))).toBe('127.0.0.1:9000')
  })
})
