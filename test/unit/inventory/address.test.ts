/**
 * Issue 8 item 2: an address is written verbatim as the host field of a known_hosts line
 * by --accept-new, so anything but a host name or an IP literal is refused at load,
 * at FILE:LINE:COLUMN with the field, wherever the address comes from.
 */
import {describe, expect, test} from 'vitest'
import type {InventoryError} from '../../../src/inventory/index.js'
import {load, loadError, tempHome, writeTemp} from './helpers.js'

const where = (e: InventoryError) => ({line: e.line, column: e.column, field: e.field})

describe('addresses must be a host name or an IP literal', () => {
  test.each([
    ['a wildcard comma list', '"*,web02"'],
    ['a pattern', '"web*"'],
    ['a negation', '"!web02"'],
    ['a [host]:port form', '"[10.0.0.1]:22"'],
    ['a hashed-entry prefix', '"|1|abc|def"'],
    ['a space', '"web01 web02"'],
    ['a newline', '"web01\\n* ssh-ed25519 AAAA"'],
  ])('native address: %s', async (_name, value) => {
    const e = await loadError(['hosts:', '  web01:', `    address: ${value}`])
    expect(where(e)).toEqual({line: 3, column: 14, field: 'hosts.web01.address'})
    expect(e.problem).toMatch(/^expected a host name or IP address .*known_hosts/)
  })

  test('native defaults.address', async () => {
    const e = await loadError(['defaults:', '  address: "*"', 'hosts:', '  web01:'])
    expect(where(e)).toEqual({line: 2, column: 12, field: 'defaults.address'})
  })

  test('ansible_host with a newline, on a host', async () => {
    const e = await loadError(['all:', '  hosts:', '    web01:', '      ansible_host: "10.0.0.1\\n@revoked * ssh-ed25519 AAAA"'])
    expect(where(e)).toEqual({line: 4, column: 21, field: 'all.hosts.web01.ansible_host'})
  })

  test('ansible_ssh_host in group vars', async () => {
    const e = await loadError(['web:', '  vars:', '    ansible_ssh_host: "*,db01"', '  hosts:', '    web01:'])
    expect(where(e)).toEqual({line: 3, column: 23, field: 'web.vars.ansible_ssh_host'})
  })

  test('a HostName from ~/.ssh/config', async () => {
    const e = await loadError(['hosts:', '  web01:'], ['Host web01', '  HostName *,web02'])
    expect(where(e)).toEqual({line: 2, column: 3, field: 'web01: HostName'})
    expect(e.problem).toContain('"*,web02"')
    expect(e.problem).toContain('ssh_config')
  })

  test('the host name itself when it is the address', async () => {
    const e = await loadError(['all:', '  hosts:', '    "*,web02":'])
    expect(where(e)).toEqual({line: 3, column: 5, field: '*,web02'})
    expect(e.problem).toContain('used as its address')
  })

  test('host names, IPv4 and IPv6 literals load; a local host needs no address', async () => {
    const home = tempHome()
    const file = writeTemp(
      home,
      'inventory.yml',
      [
        'hosts:',
        '  web01: {address: Web01.Example.ORG}',
        '  web02: {address: 10.0.0.2}',
        '  web03: {address: "2001:db8::3"}',
        '  web_04:',
        '  "odd name": {connection: local}',
      ].join('\n') + '\n',
    )
    const inv = await load(file, home)
    expect([...inv.hosts.values()].map((h) => h.address)).toEqual(['Web01.Example.ORG', '10.0.0.2', '2001:db8::3', 'web_04', 'odd name'])
  })
})

describe('ProxyJump hops are addresses too', () => {
  test('a hop that is no inventory host must be a host name or IP', async () => {
    const e = await loadError(['hosts:', '  web01:', '    proxy_jump: "jump@*,bastion:2222"'])
    expect(where(e)).toEqual({line: 2, column: 3, field: 'web01: ProxyJump'})
    expect(e.problem).toContain('jump host "*"')
  })

  test('ansible ssh args and ssh_config ProxyJump are checked as well', async () => {
    const e = await loadError(['all:', '  hosts:', '    web01:', '      ansible_ssh_common_args: "-J \'b?st\'"'])
    expect(where(e)).toEqual({line: 3, column: 5, field: 'web01: ProxyJump'})
    const f = await loadError(['hosts:', '  web01:'], ['Host web01', '  ProxyJump bastion,*.lan'])
    expect(f.field).toBe('web01: ProxyJump')
  })

  test('inventory hosts and plain names are fine as hops', async () => {
    const home = tempHome()
    const file = writeTemp(home, 'inventory.yml', ['hosts:', '  bastion: {address: 10.0.0.1}', '  web01: {proxy_jump: "root@bastion,jump2.example.org:2222,[2001:db8::1]:22"}'].join('\n') + '\n')
    expect((await load(file, home)).hosts.get('web01')?.proxyJump).toBe('root@bastion,jump2.example.org:2222,[2001:db8::1]:22')
  })
})
