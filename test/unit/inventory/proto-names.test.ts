/**
 * Issue 8 item 10: a host named `__proto__` silently disappeared (and a group named so took
 * its hosts with it). Names of Object.prototype members are names like any other, in both formats.
 */
import {describe, expect, test} from 'vitest'
import {InventoryError, selectHosts} from '../../../src/inventory/index.js'
import {load, tempHome, writeTemp} from './helpers.js'

const NAMES = ['__proto__', 'constructor', 'toString']

async function loadYaml(yaml: string[]) {
  const home = tempHome()
  return load(writeTemp(home, 'inventory.yml', yaml.join('\n') + '\n'), home)
}

describe.each([
  [
    'native',
    [
      'hosts:',
      '  __proto__: {address: 10.0.0.1}',
      '  constructor: {address: 10.0.0.2, port: 2222}',
      '  toString: {address: 10.0.0.3}',
      '  web01: {address: 10.0.0.4}',
      'groups:',
      '  __proto__: {hosts: [web01, constructor], vars: {tier: proto}}',
      '  constructor: {hosts: [__proto__]}',
      '  toString: {children: [constructor]}',
    ],
  ],
  [
    'ansible',
    [
      'all:',
      '  hosts:',
      '    __proto__: {ansible_host: 10.0.0.1}',
      '    constructor: {ansible_host: 10.0.0.2, ansible_port: 2222}',
      '    toString: {ansible_host: 10.0.0.3}',
      '  children:',
      '    __proto__:',
      '      vars: {tier: proto}',
      '      hosts:',
      '        web01: {ansible_host: 10.0.0.4}',
      '        constructor:',
      '    constructor:',
      '      hosts:',
      '        __proto__:',
      '    toString:',
      '      children:',
      '        constructor:',
    ],
  ],
])('%s inventory', (_format, yaml) => {
  test('every host and group is there, with its own settings', async () => {
    const inv = await loadYaml(yaml)
    expect([...inv.hosts.keys()].sort()).toEqual([...NAMES, 'web01'].sort())
    for (const name of NAMES) expect(inv.groups.has(name), name).toBe(true)
    expect(inv.hosts.get('__proto__')).toMatchObject({address: '10.0.0.1', port: 22})
    expect(inv.hosts.get('constructor')).toMatchObject({address: '10.0.0.2', port: 2222})
    expect(inv.hosts.get('web01')?.groups).toContain('__proto__')
    expect(inv.hosts.get('web01')?.vars.tier).toBe('proto')
    expect(inv.hosts.get('__proto__')?.groups).toEqual(expect.arrayContaining(['constructor', 'toString']))
  })

  test('they can be selected by group, host and --limit', async () => {
    const inv = await loadYaml(yaml)
    const names = (sel: Parameters<typeof selectHosts>[1]) => selectHosts(inv, sel).map((h) => h.name).sort()
    expect(names({groups: ['__proto__']})).toEqual(['constructor', 'web01'])
    expect(names({groups: ['toString']})).toEqual(['__proto__'])
    expect(names({hosts: ['toString']})).toEqual(['toString'])
    expect(names({limit: 'toString:web01'})).toEqual(['__proto__', 'web01'])
    expect(names({limit: '__proto__:&constructor'})).toEqual([])
  })
})

test('a setting under a host named __proto__ is still validated, at its line', async () => {
  const err = await loadYaml(['hosts:', '  __proto__:', '    port: 99999']).then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(InventoryError)
  expect(err).toMatchObject({line: 3, field: 'hosts.__proto__.port'})
})

test('a child group named after a prototype member must still exist', async () => {
  const err = await loadYaml(['hosts:', '  web01:', 'groups:', '  web:', '    children: [constructor]']).then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(InventoryError)
  expect((err as InventoryError).problem).toContain('unknown group "constructor"')
})

test('ansible_connection: constructor is not a connection type', async () => {
  const err = await loadYaml(['all:', '  hosts:', '    web01: {ansible_connection: constructor}']).then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(InventoryError)
})
