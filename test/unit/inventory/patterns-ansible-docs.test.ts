/**
 * Ansible pattern parity for --limit, from the examples of Ansible's "Patterns: targeting hosts
 * and groups" (docs/docsite/rst/inventory_guide/intro_patterns.rst): group position
 * (subscripts), wildcards, `--limit @retry_hosts.txt` / `@site.retry`, and fnmatch character
 * classes (Ansible matches names with Python's fnmatch).
 */
import {beforeAll, describe, expect, test} from 'vitest'
import {SelectionError, selectHosts, type Inventory} from '../../../src/inventory/index.js'
import {load, tempHome, writeTemp} from './helpers.js'

// The docs' group for subscripts (cobweb, webbing, weber, in that order), plus hosts for the
// wildcard and character-class examples.
const INVENTORY = `all:
  children:
    webservers:
      hosts:
        cobweb:
        webbing:
        weber:
    dbservers:
      hosts:
        one.example.com:
        db.example.org:
    numbered:
      hosts:
        web[01:07]:
  hosts:
    192.0.2.50:
    192.0.3.9:
    198.51.100.1:
`

describe('--limit as in Ansible\'s pattern docs', () => {
  let inv: Inventory
  let dir: string
  beforeAll(async () => {
    dir = tempHome()
    inv = await load(writeTemp(dir, 'inventory.yml', INVENTORY), dir)
  })
  const pick = (limit: string) => selectHosts(inv, {limit}).map((h) => h.name)

  test.each([
    // "Using group position in patterns"
    ['webservers[0]', ['cobweb']],
    ['webservers[-1]', ['weber']],
    ['webservers[0:2]', ['cobweb', 'webbing', 'weber']],
    ['webservers[1:2]', ['webbing', 'weber']],
    ['webservers[1:]', ['webbing', 'weber']],
    ['webservers[:3]', ['cobweb', 'webbing', 'weber']],
    // "You can use wildcard patterns with FQDNs or IP addresses"
    ['192.0.*', ['192.0.2.50', '192.0.3.9']],
    ['*.example.com', ['one.example.com']],
    ['one*.com:dbservers', ['one.example.com', 'db.example.org']],
    // fnmatch character classes
    ['web0[1-5]', ['web01', 'web02', 'web03', 'web04', 'web05']],
    ['web0[!1-5]', ['web06', 'web07']],
    ['web0[27]', ['web02', 'web07']],
    ['numbered:!web0[3-6]', ['web01', 'web02', 'web07']],
    ['webservers[0]:web0[6-7]', ['cobweb', 'web06', 'web07']],
    // an inventory-style range copied into a pattern
    ['web[02:04]', ['web02', 'web03', 'web04']],
  ])('%s', (limit, expected) => {
    expect(pick(limit)).toEqual(expected)
  })

  test('--limit @retry_hosts.txt: one pattern a line, blank lines ignored', () => {
    const file = writeTemp(dir, 'retry_hosts.txt', 'weber\n\n  192.0.2.50  \nweb0[6-7]\n')
    expect(pick(`@${file}`)).toEqual(['192.0.2.50', 'weber', 'web06', 'web07'])
  })

  test('--limit @site.retry combines with other patterns', () => {
    const file = writeTemp(dir, 'site.retry', 'cobweb\nwebbing\nweb01\n')
    expect(pick(`@${file}:!webservers[0]`)).toEqual(['webbing', 'web01'])
  })

  test.each([
    ['@/nonexistent/site.retry', 'cannot read limit file: ENOENT'],
    ['web0[5-1]', 'range [5-1] is empty'],
    ['web0[8-9]', 'matches no group or host'],
  ])('%s is refused', (limit, message) => {
    expect(() => pick(limit)).toThrow(SelectionError)
    expect(() => pick(limit)).toThrow(message)
  })
})
