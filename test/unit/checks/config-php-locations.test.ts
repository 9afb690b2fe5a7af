import {describe, expect, it} from 'vitest'

import {isPhpLocation, matchesAnyScript} from '../../../src/checks/config-php-locations.js'
import {parseLocationArgs} from '../../../src/nginx/query.js'

describe('PHP locations', () => {
  // [location args as written, a PHP location?, matches any script?]
  const cases: Array<[string[], boolean, boolean]> = [
    [['~', '\\.php$'], true, true],
    [['~*', '\\.php(/|$)'], true, true],
    [['~', '^(.+\\.php)(/.+)$'], true, true],
    [['~', '^/.+\\.php$'], true, true],
    [['~', '^/index\\.php(/|$)'], true, false],
    [['~', '^/(app|app_dev|config)\\.php(/|$)'], true, false],
    [['~', '^/admin/index\\.php$'], true, false],
    [['=', '/index.php'], false, false],
    [['/'], false, false],
    [['~', '\\.(css|js)$'], false, false],
  ]
  for (const [args, php, any] of cases) {
    it(`location ${args.join(' ')}`, () => {
      const location = parseLocationArgs(args)
      expect(isPhpLocation(location)).toBe(php)
      expect(matchesAnyScript(location)).toBe(any)
    })
  }
})
