import {readFileSync} from 'node:fs'

import {describe, expect, it} from 'vitest'

import {parseNginxDump} from '../../../src/nginx/parse-dump.js'
import {configProblems, socketProblems} from '../../../src/reload/preflight.js'

const fixture = (p: string) => readFileSync(new URL(`../../fixtures/nginx/${p}`, import.meta.url), 'utf8')

describe('configProblems', () => {
  it('names FILE:LINE from a recorded nginx -t failure', () => {
    const problems = configProblems(fixture('errors/included-error.nginx-t.txt'))
    expect(problems).toHaveLength(1)
    expect(problems[0].code).toBe('config-invalid')
    expect(problems[0].message).toMatch(/\[emerg\] unexpected "}" in \/tmp\/fleet-errors\/included-error\/conf.d\/b-bad.conf:4$/)
  })
  it('handles the `nginx: [emerg]` form printed before the error log is open', () => {
    const out = 'nginx: [emerg] unknown directive "foo" in /etc/nginx/sites-enabled/shop:12\nnginx: configuration file /etc/nginx/nginx.conf test failed'
    expect(configProblems(out)[0].message).toBe('nginx -t: [emerg] unknown directive "foo" in /etc/nginx/sites-enabled/shop:12')
  })
})

describe('socketProblems', () => {
  const config = parseNginxDump(fixture('dumps/shop.txt'))
  it('flags a socket nobody listens on, naming the directive', () => {
    const problems = socketProblems(config, new Set(['/run/other.sock']))
    expect(problems).toHaveLength(1)
    expect(problems[0].message).toMatch(/^\/etc\/nginx\/.+:\d+: unix:\/run\/php\/php8.2-fpm.sock: no process listens/)
  })
  it('is quiet when the socket is listening', () => {
    expect(socketProblems(config, new Set(['/run/php/php8.2-fpm.sock']))).toEqual([])
  })
})
