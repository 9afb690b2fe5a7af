import {describe, expect, test} from 'vitest'
import {InventoryError} from '../../../src/inventory/index.js'
import {load, loadError, tempHome, writeTemp} from './helpers.js'

/** Each bad inventory, and exactly where and what the error must say. */
const cases: {name: string; yaml: string[]; line: number; column: number; field: string; says: string}[] = [
  {
    name: 'YAML syntax (unclosed flow sequence)',
    yaml: ['hosts:', '  web01:', 'groups:', '  web:', '    hosts: [web01', 'x: 1'],
    line: 6, column: 1, field: '', says: 'YAML syntax',
  },
  {
    name: 'duplicate key',
    yaml: ['hosts:', '  web01:', '    port: 22', '    port: 2222'],
    line: 4, column: 5, field: '', says: 'Map keys must be unique',
  },
  {
    name: 'unknown key with suggestion',
    yaml: ['hosts:', '  web01:', '    adress: 10.0.0.1'],
    line: 3, column: 5, field: 'hosts.web01.adress', says: 'unknown key "adress" (did you mean "address"?)',
  },
  {
    name: 'bad port',
    yaml: ['defaults:', '  user: deploy', 'hosts:', '  web01:', '  web02:', '    address: 10.0.0.2', '    port: "22x"'],
    line: 7, column: 11, field: 'hosts.web02.port', says: 'expected an integer 1-65535, got "22x"',
  },
  {
    name: 'port out of range',
    yaml: ['hosts:', '  "10.0.0.5":', '    port: 70000'],
    line: 3, column: 11, field: 'hosts["10.0.0.5"].port', says: 'expected an integer 1-65535, got 70000',
  },
  {
    name: 'unknown child group',
    yaml: ['hosts:', '  web01:', 'groups:', '  web:', '    hosts: [web01]', '  prod:', '    children: [web, dbs]', '  db: {}'],
    line: 7, column: 21, field: 'groups.prod.children[1]', says: 'unknown group "dbs" (did you mean "db"?)',
  },
  {
    name: 'unknown host in a group',
    yaml: ['hosts:', '  web01:', 'groups:', '  web:', '    hosts:', '      - web01', '      - wbe01'],
    line: 7, column: 9, field: 'groups.web.hosts[1]', says: 'unknown host "wbe01" (did you mean "web01"?)',
  },
  {
    name: 'cycle in children',
    yaml: ['hosts:', '  a1:', 'groups:', '  a:', '    children: [b]', '  b:', '    children: [c]', '  c:', '    children: [a]'],
    line: 9, column: 16, field: 'groups.c.children[0]', says: 'cycle in children: a -> b -> c -> a',
  },
  {
    name: 'bad range in a host key',
    yaml: ['hosts:', '  web01:', '  web[01:100]:'],
    line: 3, column: 3, field: 'hosts["web[01:100]"]', says: 'equal width',
  },
  {
    name: 'conflicting duplicate host (range overlaps a name)',
    yaml: ['hosts:', '  web[01:03]:', '    port: 22', '  web02:', '    port: 2222'],
    line: 4, column: 3, field: 'hosts.web02', says: 'host "web02" is defined again with a different port (first defined at',
  },
  {
    name: 'empty value points at its key',
    yaml: ['hosts:', '  web01:', '    port:', '    user: deploy'],
    line: 3, column: 5, field: 'hosts.web01.port', says: 'expected an integer 1-65535, got nothing',
  },
  {
    name: 'hosts as a list',
    yaml: ['hosts: [web01, web02]'],
    line: 1, column: 8, field: 'hosts', says: 'expected a mapping of host names to settings, got a list',
  },
  {
    name: 'wrong type for sudo',
    yaml: ['hosts:', '  web01:', '    sudo: sometimes'],
    line: 3, column: 11, field: 'hosts.web01.sudo', says: 'expected true or false, got "sometimes"',
  },
  {
    name: 'connection not ssh/local',
    yaml: ['hosts:', '  web01:', '    connection: winrm'],
    line: 3, column: 17, field: 'hosts.web01.connection', says: 'expected "ssh" or "local", got "winrm"',
  },
  {
    name: 'unknown format',
    yaml: ['servers:', '  - web01'],
    line: 1, column: 1, field: 'servers', says: 'unknown inventory format',
  },
  {
    name: 'native top-level typo',
    yaml: ['hosts:', '  web01:', 'group:', '  web:', '    hosts: [web01]'],
    line: 3, column: 1, field: 'group', says: 'unknown key "group" (did you mean "groups"?)',
  },
  {
    name: 'ansible: group key typo',
    yaml: ['all:', '  children:', '    web:', '      hots:', '        web1:'],
    line: 4, column: 7, field: 'all.children.web.hots', says: 'unknown key "hots" (did you mean "hosts"?)',
  },
  {
    name: 'ansible: bad ansible_port',
    yaml: ['all:', '  hosts:', '    web1:', '      ansible_port: twenty-two'],
    line: 4, column: 21, field: 'all.hosts.web1.ansible_port', says: 'expected an integer 1-65535, got "twenty-two"',
  },
  {
    name: 'ansible: unsupported connection',
    yaml: ['all:', '  vars:', '    ansible_connection: docker', '  hosts:', '    c1:'],
    line: 3, column: 25, field: 'all.vars.ansible_connection', says: 'expected one of ssh',
  },
  {
    name: 'ansible: cycle',
    yaml: ['all:', '  children:', '    a:', '      children:', '        b:', '          children:', '            a:'],
    line: 7, column: 13, field: 'all.children.a.children.b.children.a', says: 'cycle in children: a -> b -> a',
  },
  {
    name: 'ansible: host defined twice with different vars',
    yaml: ['web:', '  hosts:', '    w1:', '      ansible_user: a', 'db:', '  hosts:', '    w1:', '      ansible_user: b'],
    line: 7, column: 5, field: 'db.hosts.w1', says: 'different ansible_user (first defined at',
  },
  {
    name: 'ansible: bad step in range',
    yaml: ['all:', '  hosts:', '    n[1:9:0]:'],
    line: 3, column: 5, field: 'all.hosts["n[1:9:0]"]', says: 'step must be a positive integer',
  },
  {
    name: 'ansible: templated connection var',
    yaml: ['all:', '  hosts:', '    w1:', '      ansible_host: "{{ inventory_hostname }}.lan"'],
    line: 4, column: 21, field: 'all.hosts.w1.ansible_host', says: 'Jinja templates are not evaluated',
  },
]

describe('errors name FILE:LINE:COLUMN and the field', () => {
  test.each(cases)('$name', async ({yaml, line, column, field, says}) => {
    const e = await loadError(yaml)
    expect({line: e.line, column: e.column, field: e.field}).toEqual({line, column, field})
    expect(e.message.startsWith(`${e.file}:${line}:${column}: ${field ? `${field}: ` : ''}`)).toBe(true)
    expect(e.message).toContain(says)
  })

  test('the exact message for a bad port', async () => {
    const home = tempHome()
    const file = writeTemp(home, 'inventory.yml', 'hosts:\n  web02:\n    port: 22x\n')
    await expect(load(file, home)).rejects.toThrow(`${file}:3:11: hosts.web02.port: expected an integer 1-65535, got "22x"`)
  })

  test('a missing inventory file is an InventoryError naming it', async () => {
    const home = tempHome()
    await expect(load(`${home}/nope.yml`, home)).rejects.toThrow(`${home}/nope.yml:1:1: cannot read inventory`)
  })

  test('an empty inventory is an error', async () => {
    const home = tempHome()
    const file = writeTemp(home, 'inventory.yml', '# nothing yet\n')
    await expect(load(file, home)).rejects.toThrow('the inventory is empty')
  })
})
