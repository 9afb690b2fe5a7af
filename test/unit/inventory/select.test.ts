import {beforeAll, describe, expect, test} from 'vitest'
import {SelectionError, selectHosts, type Inventory, type Selection} from '../../../src/inventory/index.js'
import {fixture, load, tempHome, writeTemp} from './helpers.js'

const short = (names: string[]) => names.map((n) => n.replace('.example.com', ''))

describe('selectHosts on an Ansible inventory', () => {
  let inv: Inventory
  beforeAll(async () => {
    inv = await load(fixture('ansible-docs.yml'), tempHome())
  })
  const pick = (sel: Selection) => short(selectHosts(inv, sel).map((h) => h.name))

  const ALL = ['mail', 'badwolf', 'foo', 'bar', 'www01', 'www02', 'www03', 'one', 'two', 'three', 'db-a', 'db-b', 'db-c',
    'staging1', 'staging4', 'staging7', 'staging10', 'localhost']

  test.each([
    ['all', ALL],
    ['*', ALL],
    ['webservers', ['foo', 'bar', 'www01', 'www02', 'www03']],
    ['webservers:dbservers', ['foo', 'bar', 'www01', 'www02', 'www03', 'one', 'two', 'three', 'db-a', 'db-b', 'db-c']],
    ['dbservers,webservers', ['foo', 'bar', 'www01', 'www02', 'www03', 'one', 'two', 'three', 'db-a', 'db-b', 'db-c']],
    ['webservers:&east', ['foo']],
    ['webservers:!east', ['bar', 'www01', 'www02', 'www03']],
    ['prod:&webservers:!west', ['foo']],
    // Order does not matter: unions, then intersections, then exclusions.
    ['!west:&dbservers:prod', ['one', 'two']],
    ['!webservers:!dbservers:!test', ['mail', 'badwolf', 'localhost']],
    ['&east', ['foo', 'one', 'two']],
    ['prod', ['foo', 'bar', 'one', 'two', 'three']],
    ['ungrouped', ['mail', 'badwolf']],
    ['www*', ['www01', 'www02', 'www03']],
    ['db*', ['one', 'two', 'three', 'db-a', 'db-b', 'db-c']],
    ['staging[14]*', ['staging1', 'staging4', 'staging10']],
    ['db-?.example.com', ['db-a', 'db-b', 'db-c']],
    ['~(one|two)\\.example', ['one', 'two']],
    ['~www0[12]', ['www01', 'www02']],
    ['webservers[0]', ['foo']],
    ['webservers[0:1]', ['foo', 'bar']],
    ['webservers[2:]', ['www01', 'www02', 'www03']],
    ['webservers[-1]', ['www03']],
    ['dbservers[1:2]:webservers[0]', ['foo', 'two', 'three']],
    ['mail.example.com:badwolf.example.com', ['mail', 'badwolf']],
    ['east:&west', []],
  ])('--limit %s', (limit, expected) => {
    expect(pick({limit})).toEqual(expected)
  })

  test.each<[Selection, string[]]>([
    [{groups: ['west', 'webservers']}, ['foo', 'bar', 'www01', 'www02', 'www03', 'three']],
    [{groups: ['west'], hosts: ['mail.example.com']}, ['mail', 'bar', 'three']],
    [{hosts: ['three.example.com', 'one.example.com']}, ['one', 'three']],
    [{groups: ['webservers'], limit: 'east'}, ['foo']],
    [{groups: ['all'], limit: 'test:!staging10*'}, ['staging1', 'staging4', 'staging7']],
    [{}, ALL],
  ])('%j', (sel, expected) => {
    expect(pick(sel)).toEqual(expected)
  })

  test.each<[Selection, string, string, string]>([
    [{limit: 'webservrs'}, '--limit', 'webservrs', 'matches no group or host (did you mean "webservers"?)'],
    [{limit: 'webservers:&dbserver'}, '--limit', '&dbserver', 'matches no group or host (did you mean "dbservers"?)'],
    [{limit: 'nomatch*'}, '--limit', 'nomatch*', 'matches no group or host'],
    [{limit: 'webservers:!~^zz'}, '--limit', '!~^zz', 'matches no group or host'],
    [{limit: 'webservers[10]'}, '--limit', 'webservers[10]', 'no host at that subscript'],
    [{limit: '~(web'}, '--limit', '~(web', 'invalid regular expression'],
    [{limit: ' , '}, '--limit', ' , ', 'empty pattern'],
    [{groups: ['dbserver']}, '--group', 'dbserver', 'no such group (did you mean "dbservers"?)'],
    [{hosts: ['one.example.org']}, '--host', 'one.example.org', 'no such host (did you mean "one.example.com"?)'],
  ])('%j is an error naming the option and the pattern', (sel, option, pattern, message) => {
    let err: unknown
    try {
      selectHosts(inv, sel)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(SelectionError)
    expect(err).toMatchObject({option, pattern})
    expect((err as Error).message.startsWith(`${option} ${JSON.stringify(pattern)}: ${message}`)).toBe(true)
  })
})

describe('selectHosts on a native inventory', () => {
  test('groups through children, exclusion, empty group is not an error', async () => {
    const home = tempHome()
    const inv = await load(fixture('native.yml'), home)
    expect(selectHosts(inv, {limit: 'php:!app'}).map((h) => h.name)).toEqual(['web01', 'web02'])
    expect(selectHosts(inv, {groups: ['prod'], limit: 'app-[ab]:db01'}).map((h) => h.name)).toEqual(['app-a', 'app-b', 'db01'])
    const file = writeTemp(home, 'empty-group.yml', 'hosts:\n  a:\ngroups:\n  spare: {}\n')
    const small = await load(file, home)
    expect(selectHosts(small, {groups: ['spare']})).toEqual([])
    expect(selectHosts(small, {limit: 'spare'})).toEqual([])
  })
})
