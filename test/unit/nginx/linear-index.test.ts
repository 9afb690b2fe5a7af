/**
 * Config queries are linear in the config: the per-block directive index gives the
 * same answers as the old scan-every-sibling code (kept below, in the test only), on
 * every recorded dump; and asking about each of N servers reads the http block O(N)
 * times in all, not O(N) per server (counted, not timed).
 */
import {describe, expect, it} from 'vitest'

import {headerBuffers} from '../../../src/checks/log-header-buffers.js'
import {DIRECTIVE_DEFAULTS, MAIN_INHERITED} from '../../../src/nginx/directive-table.js'
import {parseNginxDump} from '../../../src/nginx/parse-dump.js'
import {effective, servers, upstreamTargets, type EffectiveValue} from '../../../src/nginx/query.js'
import type {NginxConfig, NginxDirective} from '../../../src/nginx/types.js'
import {children, walk} from '../../../src/nginx/walk.js'
import {dump} from './fixtures.js'

// ---- the implementation before the index (src/nginx/effective.ts, walk.ts at 6930836)
const OLD_GROUPS: string[][] = [
  ['fastcgi_param'], ['uwsgi_param'], ['scgi_param'], ['proxy_set_header'], ['grpc_set_header'], ['add_header'], ['add_trailer'],
  ['fastcgi_hide_header'], ['proxy_hide_header'], ['fastcgi_pass_header'], ['proxy_pass_header'], ['access_log'], ['error_log'],
  ['allow', 'deny'], ['ssl_certificate'], ['ssl_certificate_key'], ['set_real_ip_from'], ['error_page'],
]
function oldEffective(config: NginxConfig, chain: NginxDirective[], directive: string): EffectiveValue {
  const names = OLD_GROUPS.find((g) => g.includes(directive)) ?? [directive]
  const levels: NginxDirective[][] = chain.map((n) => n.block ?? [])
  if (chain.length === 0 || MAIN_INHERITED.has(directive)) levels.unshift(config.tree)
  for (let i = levels.length - 1; i >= 0; i--) {
    const found = levels[i].filter((d) => names.includes(d.directive))
    if (found.length === 0) continue
    const values = found.map(({directive: name, args, file, line}) => ({directive: name, args, file, line}))
    const first = values.find((v) => v.directive === directive) ?? values[0]
    return {args: first.args, file: first.file, line: first.line, inherited: i !== levels.length - 1, isDefault: false, values}
  }
  return {args: DIRECTIVE_DEFAULTS[directive] ?? [], file: null, line: null, inherited: false, isDefault: true, values: []}
}
const oldChildren = (node: NginxDirective | undefined, name: string): NginxDirective[] => (node?.block ?? []).filter((d) => d.directive === name)

const DUMPS = ['debian-default', 'laravel', 'nginxconfig-io', 'shop']

describe('the directive index answers as the old scan did', () => {
  it.each(DUMPS)('%s: effective() of every directive name at every block chain, and children()', (name) => {
    const config = parseNginxDump(dump(name))
    const names = new Set([...Object.keys(DIRECTIVE_DEFAULTS), 'allow', 'deny', 'nonexistent'])
    walk(config.tree, (node) => names.add(node.directive))
    const chains: NginxDirective[][] = [[]]
    walk(config.tree, (node, chain) => {
      if (node.block) chains.push([...chain, node])
    })
    expect(chains.length).toBeGreaterThan(3)
    let compared = 0
    for (const chain of chains) {
      for (const directive of names) {
        expect(effective(config, chain, directive), `${directive} at ${chain.map((c) => c.directive).join('>')}`).toEqual(
          oldEffective(config, chain, directive),
        )
        compared++
      }
      const node = chain.at(-1)
      for (const directive of names) expect([...children(node, directive)]).toEqual(oldChildren(node, directive))
    }
    expect(compared).toBeGreaterThan(100)
  })

  it('keeps allow/deny interleaved in config order as one array group', () => {
    const config = parseNginxDump('# configuration file /c/nginx.conf:\nhttp { allow 10.0.0.1; deny 10.0.0.2; allow 10.0.0.3; server { } }\n\n')
    const [server] = servers(config)
    const value = effective(config, server.chain, 'deny')
    expect(value).toEqual(oldEffective(config, server.chain, 'deny'))
    expect(value.values.map((v) => `${v.directive} ${v.args[0]}`)).toEqual(['allow 10.0.0.1', 'deny 10.0.0.2', 'allow 10.0.0.3'])
  })
})

/** The http block of a config with `n` servers, behind a proxy that counts reads of its elements. */
function countedConfig(n: number): {config: NginxConfig; reads: () => number} {
  const lines = ['# configuration file /c/nginx.conf:', 'http {', 'large_client_header_buffers 4 16k;', 'upstream php { server unix:/run/php.sock; }']
  for (let i = 0; i < n; i++) lines.push(`server { listen 80; server_name s${i}; location ~ \\.php$ { root /srv/${i}; fastcgi_pass php; } }`)
  lines.push('}', '')
  const config = parseNginxDump(lines.join('\n'))
  const http = config.tree.find((d) => d.directive === 'http')!
  let count = 0
  http.block = new Proxy(http.block!, {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) count++
      return Reflect.get(target, key, receiver)
    },
  })
  return {config, reads: () => count}
}

describe('queries over N servers read the http block O(N) times', () => {
  it.each([
    ['effective() for every server', (config: NginxConfig) => servers(config).forEach((s) => effective(config, s.chain, 'large_client_header_buffers'))],
    ['headerBuffers()', (config: NginxConfig) => headerBuffers(config)],
    ['upstreamTargets()', (config: NginxConfig) => upstreamTargets(config)],
  ])('%s', (_what, query) => {
    const n = 400
    const {config, reads} = countedConfig(n)
    query(config)
    // Quadratic code reads it n*n = 160,000 times; a few passes over it is linear.
    expect(reads()).toBeLessThan(10 * n)
  })
})
