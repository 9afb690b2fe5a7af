import {readFileSync} from 'node:fs'

import {describe, expect, it} from 'vitest'

import {parseNginxDump} from '../../../src/nginx/parse-dump.js'
import {errorLogs, healthTargets, unixSockets} from '../../../src/reload/config-facts.js'

// Recorded `nginx -T` of real Debian 12 nginx (test/fixtures/nginx/record.sh).
const dump = (name: string) => parseNginxDump(readFileSync(new URL(`../../fixtures/nginx/dumps/${name}.txt`, import.meta.url), 'utf8'))

describe('unixSockets', () => {
  it('finds sockets in pass directives and upstream blocks, once each, with FILE:LINE', () => {
    const refs = unixSockets(dump('shop'))
    expect(refs.map((r) => r.path)).toEqual(['/run/php/php8.2-fpm.sock'])
    expect(refs[0].where).toMatch(/^\/etc\/nginx\/.+:\d+$/)
  })
  it('finds the PHP socket of the Debian default when enabled, none when commented out', () => {
    expect(unixSockets(dump('debian-default'))).toEqual([])
  })
})

describe('errorLogs', () => {
  it('lists file logs, skips syslog, adds the compiled-in default', () => {
    const logs = errorLogs(dump('shop'), '/var/log/nginx/error.log')
    expect(logs).toContain('/var/log/nginx/error.log')
    expect(logs).toContain('/var/log/nginx/shop-http.log')
    expect(logs).toContain('/var/log/nginx/static.error.log')
    expect(logs.some((l) => l.startsWith('syslog:'))).toBe(false)
  })
})

describe('healthTargets', () => {
  it('probes literal names on their listener, skips regex names and unix listeners', () => {
    const targets = healthTargets(dump('shop'), ['/', '/healthz'])
    const shop = targets.filter((t) => t.host === 'shop.example.test')
    expect(shop.map((t) => `${t.address}:${t.port}${t.path}`)).toEqual(['127.0.0.1:8080/', '127.0.0.1:8080/healthz'])
    expect(targets.some((t) => t.host.startsWith('~'))).toBe(false)
    expect(targets.find((t) => t.host === 'static.example.test')).toMatchObject({address: '127.0.0.1', port: 8081, scheme: 'http'})
  })
  it('a server named _ is probed by address', () => {
    const targets = healthTargets(dump('debian-default'), ['/'])
    expect(targets).toEqual([{scheme: 'http', address: '127.0.0.1', port: 80, host: '127.0.0.1', path: '/'}])
  })
})

describe('healthTargets listeners', () => {
  it('probes an IPv6-only server on ::1 and an ssl listener over https', () => {
    const config = parseNginxDump(
      [
        '# configuration file /etc/nginx/nginx.conf:',
        'events {}',
        'http {',
        '  server { listen [::]:8443 ssl; server_name v6.example.test; }',
        '  server { listen unix:/run/nginx.sock; server_name sock.example.test; }',
        '}',
        '',
      ].join('\n'),
    )
    expect(healthTargets(config, ['/'])).toEqual([{scheme: 'https', address: '::1', port: 8443, host: 'v6.example.test', path: '/'}])
  })
})
