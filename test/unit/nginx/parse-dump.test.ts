import {describe, expect, it} from 'vitest'
import {matchGlob} from '../../../src/nginx/glob.js'
import {parseNginxDump, splitDump} from '../../../src/nginx/parse-dump.js'
import type {NginxDirective} from '../../../src/nginx/types.js'
import {walk} from '../../../src/nginx/walk.js'
import {dump, readFixture} from './fixtures.js'

const DUMPS = ['debian-default', 'laravel', 'nginxconfig-io', 'shop']

describe('parseNginxDump on real nginx -T output', () => {
  it.each(DUMPS)('%s: parses every file without errors, main and prefix from the first header', (name) => {
    const config = parseNginxDump(dump(name))
    expect(config.errors).toEqual([])
    expect(config.main).toBe('/etc/nginx/nginx.conf')
    expect(config.prefix).toBe('/etc/nginx')
    expect(config.files.length).toBe(dump(name).match(/^# configuration file /gm)!.length)
  })

  it.each(DUMPS)('%s: every directive FILE:LINE points at a source line naming it', (name) => {
    const config = parseNginxDump(dump(name))
    const texts = new Map(splitDump(dump(name)).map((f) => [f.file, f.text.split('\n')]))
    let count = 0
    for (const f of config.files) {
      walk(f.parsed, (d) => {
        // map/geo keys are unescaped values; name-like directives must appear verbatim.
        if (!/^[a-z0-9_]+$/.test(d.directive)) return
        count++
        expect(texts.get(d.file)![d.line - 1], `${d.file}:${d.line}`).toContain(d.directive)
      })
    }
    expect(count).toBeGreaterThan(20)
  })

  it('keeps each dumped file byte-identical to the config it came from', () => {
    const files = splitDump(dump('shop'))
    expect(files.find((f) => f.file === '/etc/nginx/sites-enabled/shop')!.text).toBe(readFixture('configs/shop/sites-enabled/shop'))
    expect(files.at(-1)!.text).toBe(readFixture('../../fixtures/nginx/dumps/shop.txt').split('# configuration file /etc/nginx/fastcgi.conf:\n')[1].slice(0, -1))
  })

  it('ignores anything before the first header (nginx -t lines on stderr, sudo noise)', () => {
    const noisy = 'nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\n' + dump('laravel')
    expect(parseNginxDump(noisy).files.map((f) => f.file)).toEqual(parseNginxDump(dump('laravel')).files.map((f) => f.file))
  })

  it('resolves a glob include in the order nginx read the files (byte order, as in the dump)', () => {
    const config = parseNginxDump(dump('shop'))
    const include = config.files[0].parsed.find((d) => d.directive === 'http')!.block!.find((d) => d.args[0] === '/etc/nginx/conf.d/*.conf')!
    const dumpedOrder = config.files.map((f) => f.file).filter((f) => f.startsWith('/etc/nginx/conf.d/'))
    expect(include.includes).toEqual(dumpedOrder)
    expect(include.includes![0]).toMatch(/10-timeouts/) // '1' < '2' < 'B' < 'a'
  })

  it('resolves relative includes against the conf prefix and inlines a file at each include', () => {
    const config = parseNginxDump(dump('shop'))
    const phpCommon = config.files.find((f) => f.file === '/etc/nginx/snippets/php-common.conf')!
    expect(phpCommon.parsed[0].includes).toEqual(['/etc/nginx/fastcgi_params'])
    // fastcgi_params is dumped once but included from two places (directly, and via php-common.conf).
    const sites: NginxDirective[] = []
    walk(config.tree, (d) => {
      if (d.directive === 'fastcgi_param' && d.args[0] === 'QUERY_STRING' && d.file === '/etc/nginx/fastcgi_params') sites.push(d)
    })
    expect(sites.length).toBe(2)
    expect(new Set(sites.map((s) => `${s.file}:${s.line}`)).size).toBe(1)
  })

  it('inlines included servers into http with their own file/line', () => {
    const config = parseNginxDump(dump('laravel'))
    const http = config.tree.find((d) => d.directive === 'http')!
    const server = http.block!.find((d) => d.directive === 'server')!
    expect(server.file).toBe('/etc/nginx/sites-enabled/laravel')
    expect(server.line).toBe(3)
  })

  it('guards include cycles and reports missing includes, never throws', () => {
    const text = '# configuration file /c/nginx.conf:\ninclude a.conf;\ninclude missing.conf;\n\n# configuration file /c/a.conf:\ninclude /c/a.conf;\nx 1;\n\n'
    const config = parseNginxDump(text)
    expect(config.tree.map((d) => d.directive)).toEqual(['include', 'include', 'x', 'include'])
    expect(config.errors.map((e) => e.error)).toEqual([
      'include "missing.conf": file not in the nginx -T dump',
      'include cycle: /c/nginx.conf -> /c/a.conf -> /c/a.conf',
    ])
  })

  it('collects syntax errors per file', () => {
    const text = '# configuration file /c/nginx.conf:\nhttp { include b.conf; }\n\n# configuration file /c/b.conf:\nserver {\n\n'
    expect(parseNginxDump(text).errors).toEqual([{file: '/c/b.conf', line: 2, error: 'unexpected end of file, expecting "}"'}])
  })
})

describe('matchGlob (glob(3) semantics)', () => {
  const names = ['/e/s/a', '/e/s/.hidden', '/e/s/b.conf', '/e/s/sub/c.conf', '/e/s/x1', '/e/s/x2', '/e/s/B']
  it.each([
    ['/e/s/*', ['/e/s/B', '/e/s/a', '/e/s/b.conf', '/e/s/x1', '/e/s/x2']],
    ['/e/s/*.conf', ['/e/s/b.conf']],
    ['/e/s/x?', ['/e/s/x1', '/e/s/x2']],
    ['/e/s/x[!1]', ['/e/s/x2']],
    ['/e/s/[a-b]*', ['/e/s/a', '/e/s/b.conf']],
    ['/e/s/.*', ['/e/s/.hidden']],
    ['/e/*/c.conf', ['/e/s/sub/c.conf'].filter(() => false)],
  ])('%s', (pattern, expected) => {
    expect(matchGlob(pattern, names)).toEqual(expected)
  })
})
