import {describe, expect, it} from 'vitest'
import {parseNginxDump} from '../../../src/nginx/parse-dump.js'
import {effective, locations, logFiles, parseDuration, parseSize, servers, upstreamTargets, workerUser} from '../../../src/nginx/query.js'
import {dump, lineOf, readFixture} from './fixtures.js'

const shop = parseNginxDump(dump('shop'))
const shopSite = readFixture('configs/shop/sites-enabled/shop')
const SHOP = '/etc/nginx/sites-enabled/shop'
const shopServer = () => servers(shop).find((s) => s.serverNames.includes('shop.example.test'))!
/** Top-level location of the shop server with this pattern. */
const shopLocation = (pattern: string) => locations(shopServer()).find((l) => l.pattern === pattern && !l.parent)!

describe('servers', () => {
  it('lists http servers with listen, default_server and names', () => {
    const list = servers(shop)
    expect(list.map((s) => `${s.file}:${s.line}`)).toEqual([`${SHOP}:1`, '/etc/nginx/sites-enabled/static:1'])
    const [first] = list
    expect(first.listen.map((l) => [l.address, l.defaultServer, l.unix])).toEqual([
      ['127.0.0.1:8080', true, false],
      ['unix:/run/nginx-shop.sock', false, true],
    ])
    expect(first.serverNames).toEqual(['shop.example.test', '~^(?<sub>[a-z]+)\\.shop\\.test$'])
    expect(list[1].listen[0]).toMatchObject({address: '*:8081', port: 8081})
  })

  it('parses Debian default listens, including [::]', () => {
    const [s] = servers(parseNginxDump(dump('debian-default')))
    expect(s.listen.map((l) => [l.address, l.defaultServer])).toEqual([['*:80', true], ['[::]:80', true]])
    expect(s.serverNames).toEqual(['_'])
  })

  it('defaults to *:80 when a server has no listen', () => {
    const config = parseNginxDump('# configuration file /c/nginx.conf:\nhttp { server { server_name a; } }\n\n')
    expect(servers(config)[0]).toMatchObject({defaultListen: true, listen: [{address: '*:80', port: 80}]})
  })
})

describe('locations', () => {
  it('finds nested locations with modifier, pattern, FILE:LINE and parent chain', () => {
    const list = locations(shopServer())
    expect(list.map((l) => [l.modifier, l.pattern])).toEqual([
      ['', '/'],
      ['', '/admin/'],
      ['~', '\\.php$'],
      ['~', '\\.php$'],
      ['^~', '/api/'],
      ['=', '/lua'],
      ['@', 'fallback'],
    ])
    const nested = list[2]
    expect(nested.line).toBe(lineOf(shopSite, 'location ~ \\.php$ {'))
    expect(nested.parent!.pattern).toBe('/admin/')
    expect(nested.parent!.parent!.pattern).toBe('/')
    expect(nested.chain.map((n) => n.directive)).toEqual(['http', 'server', 'location', 'location', 'location'])
  })

  it('reads modifiers glued to the pattern', () => {
    const config = parseNginxDump('# configuration file /c/nginx.conf:\nhttp { server { location =/a {} location ~*\\.jpg$ {} } }\n\n')
    expect(locations(servers(config)[0]).map((l) => [l.modifier, l.pattern])).toEqual([['=', '/a'], ['~*', '\\.jpg$']])
  })
})

describe('effective', () => {
  it('takes the innermost level and says where it came from', () => {
    const all = locations(shopServer())
    const admin = all.find((l) => l.pattern === '/admin/')!
    const phpInAdmin = all.find((l) => l.parent === admin)!
    const v = effective(shop, phpInAdmin.chain, 'fastcgi_read_timeout')
    expect(v).toMatchObject({args: ['10m'], file: SHOP, line: lineOf(shopSite, 'fastcgi_read_timeout 10m;'), inherited: true, isDefault: false})
    expect(parseDuration(v.args[0])).toBe(600)
    const own = effective(shop, admin.chain, 'fastcgi_read_timeout')
    expect(own.inherited).toBe(false)
    // server level (bare seconds) beats http level from conf.d
    expect(effective(shop, shopLocation('/api/').chain, 'fastcgi_read_timeout').args).toEqual(['300'])
  })

  it('inherits http-level values from an included conf.d file', () => {
    const v = effective(shop, shopLocation('/lua').chain, 'large_client_header_buffers')
    expect(v).toMatchObject({args: ['4', '16k'], file: '/etc/nginx/conf.d/10-timeouts.conf', line: 4, inherited: true})
  })

  it('falls back to the documented default when nothing is set', () => {
    const laravel = parseNginxDump(dump('laravel'))
    const php = locations(servers(laravel)[0]).find((l) => l.modifier === '~' && l.pattern.includes('index'))!
    expect(effective(laravel, php.chain, 'fastcgi_read_timeout')).toMatchObject({args: ['60s'], isDefault: true, file: null})
    expect(effective(laravel, php.chain, 'large_client_header_buffers').args).toEqual(['4', '8k'])
    expect(effective(laravel, php.chain, 'try_files')).toMatchObject({args: [], isDefault: true})
    // root set at server level reaches the PHP location
    expect(effective(laravel, php.chain, 'root')).toMatchObject({args: ['/srv/example.com/public'], inherited: true})
  })

  it('replaces array directives as a whole: one fastcgi_param at a level drops inherited ones', () => {
    const php = shopLocation('\\.php$')
    const here = effective(shop, php.chain, 'fastcgi_param')
    const names = here.values.map((v) => v.args[0])
    expect(names).toContain('APP_ENV')
    expect(names).toContain('SCRIPT_FILENAME')
    expect(names).toContain('QUERY_STRING') // from fastcgi_params via snippets/php-common.conf
    // the `if` inside sets no fastcgi_param: it inherits the location's whole list
    const ifNode = php.node.block!.find((d) => d.directive === 'if')!
    const inIf = effective(shop, [...php.chain, ifNode], 'fastcgi_param')
    expect(inIf.inherited).toBe(true)
    expect(inIf.values).toEqual(here.values)
  })

  it('access_log at server level replaces http level; error_log inherits from main', () => {
    const v = effective(shop, shopLocation('/').chain, 'access_log')
    expect(v.values.map((x) => x.args[0])).toEqual(['/var/log/nginx/shop.access.log', '/var/log/nginx/shop.json.log'])
    const debian = parseNginxDump(dump('debian-default'))
    const [s] = servers(debian)
    expect(effective(debian, s.chain, 'error_log')).toMatchObject({args: ['/var/log/nginx/error.log'], file: '/etc/nginx/nginx.conf', line: 4, inherited: true})
  })
})

describe('parseDuration / parseSize', () => {
  it.each([
    ['60s', 60], ['1m30s', 90], ['300', 300], ['10m', 600], ['1h 30m', 5400], ['500ms', 0.5], ['2d', 172800], ['x', null], ['5q', null], ['', null],
  ])('duration %s', (v, s) => expect(parseDuration(v)).toBe(s))
  it.each([
    ['8k', 8192], ['1m', 1048576], ['16M', 16777216], ['512', 512], ['1g', 1073741824], ['8kb', null], ['', null],
  ])('size %s', (v, b) => expect(parseSize(v)).toBe(b))
})

describe('upstreamTargets', () => {
  const targets = upstreamTargets(shop)
  const at = (needle: string, from = 0) => targets.filter((t) => t.file === SHOP && t.line === lineOf(shopSite.split('\n').slice(from).join('\n'), needle) + from)

  it('resolves fastcgi_pass through an upstream block into unix and tcp addresses', () => {
    const [t] = at('fastcgi_pass php_pool;')
    expect(t.upstream).toBe('php_pool')
    expect(t.upstreamFile).toBe('/etc/nginx/conf.d/2-upstreams.conf')
    expect(t.addresses).toMatchObject([
      {kind: 'unix', path: '/run/php/php8.2-fpm.sock', params: ['weight=5'], line: 2},
      {kind: 'tcp', host: '127.0.0.1', port: 9000, line: 3},
      {kind: 'tcp', host: '127.0.0.2', port: 9001, params: ['backup']},
    ])
    expect(t.chain.map((c) => c.directive)).toEqual(['http', 'server', 'location', 'location', 'location'])
  })

  it('resolves proxy_pass http://name/uri by name, and marks $variables unresolvable', () => {
    const [api] = at('proxy_pass http://app_backend/v1/;')
    expect(api.addresses).toMatchObject([{kind: 'tcp', host: '127.0.0.1', port: 8080}, {kind: 'tcp', host: '[::1]', port: 8081}])
    const [variable] = at('proxy_pass $backend;')
    expect(variable.addresses).toEqual([{kind: 'variable', raw: '$backend'}])
  })

  it('keeps direct unix and tcp addresses, including the one inside if', () => {
    const direct = targets.filter((t) => t.directive === 'fastcgi_pass' && !t.upstream).map((t) => [t.addresses[0], t.chain.at(-1)!.directive])
    expect(direct).toEqual([
      [{kind: 'unix', path: '/run/php/php8.2-fpm.sock'}, 'if'],
      [{kind: 'tcp', host: '127.0.0.1', port: 9000}, 'location'],
      [{kind: 'unix', path: '/run/php/php8.2-fpm.sock'}, 'location'],
    ])
  })

  it('finds Laravel and nginxconfig.io sockets', () => {
    expect(upstreamTargets(parseNginxDump(dump('laravel'))).map((t) => t.addresses)).toEqual([[{kind: 'unix', path: '/var/run/php/php8.2-fpm.sock'}]])
    expect(upstreamTargets(parseNginxDump(dump('nginxconfig-io'))).map((t) => [t.directive, t.file, t.addresses])).toEqual([
      ['fastcgi_pass', '/etc/nginx/sites-enabled/example.com.conf', [{kind: 'unix', path: '/var/run/php/php-fpm.sock'}]],
    ])
  })
})

describe('workerUser', () => {
  it('reads the user directive (group defaults to the user name)', () => {
    expect(workerUser(parseNginxDump(dump('debian-default')))).toEqual({user: 'www-data', group: 'www-data', source: 'directive', file: '/etc/nginx/nginx.conf', line: 1})
  })
  it('falls back to the compiled default, then nobody', () => {
    const bare = parseNginxDump('# configuration file /c/nginx.conf:\nevents {}\n\n')
    expect(workerUser(bare, 'nginx')).toMatchObject({user: 'nginx', group: 'nginx', source: 'compiled'})
    expect(workerUser(bare)).toMatchObject({user: 'nobody', source: 'default'})
  })
})

describe('logFiles', () => {
  it('lists file logs anywhere with format/level, skipping off, syslog and /dev', () => {
    const logs = logFiles(shop)
    expect(logs.map((l) => [l.kind, l.path, l.format ?? l.level])).toEqual([
      ['error', '/var/log/nginx/error.log', 'error'],
      ['access', '/var/log/nginx/access.log', 'combined'],
      ['error', '/var/log/nginx/shop-http.log', 'notice'],
      ['access', '/var/log/nginx/shop.access.log', 'timed'],
      ['access', '/var/log/nginx/shop.json.log', 'combined'],
      ['error', '/var/log/nginx/static.error.log', 'error'],
    ])
    expect(logs[3].sites).toEqual([{file: SHOP, line: lineOf(shopSite, 'shop.access.log')}])
  })
  it('nginxconfig.io: http logs off and /dev/null, server logs with options', () => {
    const logs = logFiles(parseNginxDump(dump('nginxconfig-io')))
    expect(logs.map((l) => [l.kind, l.path, l.format ?? l.level])).toEqual([
      ['access', '/var/log/nginx/access.log', 'combined'],
      ['error', '/var/log/nginx/error.log', 'warn'],
    ])
  })
})
