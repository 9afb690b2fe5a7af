import {join} from 'node:path'
import {beforeAll, describe, expect, test} from 'vitest'
import type {Inventory} from '../../../src/inventory/index.js'
import {fixture, load, tempHome} from './helpers.js'

describe('Ansible YAML inventory', () => {
  let inv: Inventory
  let home: string
  beforeAll(async () => {
    home = tempHome()
    inv = await load(fixture('ansible-docs.yml'), home)
  })

  test('detected as ansible; ranges and host:port keys expanded', () => {
    expect(inv.format).toBe('ansible')
    expect([...inv.hosts.keys()]).toEqual([
      'mail.example.com',
      'badwolf.example.com',
      'foo.example.com',
      'bar.example.com',
      'www01.example.com',
      'www02.example.com',
      'www03.example.com',
      'one.example.com',
      'two.example.com',
      'three.example.com',
      'db-a.example.com',
      'db-b.example.com',
      'db-c.example.com',
      'staging1.example.com',
      'staging4.example.com',
      'staging7.example.com',
      'staging10.example.com',
      'localhost',
    ])
    expect(inv.hosts.get('badwolf.example.com')!.port).toBe(5309)
  })

  test('implicit groups: ungrouped holds hosts only in all', () => {
    expect(inv.groups.get('ungrouped')!.hosts).toEqual(['mail.example.com', 'badwolf.example.com'])
    expect(inv.hosts.get('mail.example.com')!.groups).toEqual(['ungrouped'])
    expect(inv.groups.get('all')!.children).toEqual(expect.arrayContaining(['webservers', 'dbservers', 'prod', 'test', 'ungrouped']))
  })

  test('ansible_host / ansible_port (string) / ansible_user map to the connection', () => {
    const h = inv.hosts.get('three.example.com')!
    expect([h.address, h.port, h.user, h.sudo]).toEqual(['192.0.2.50', 5555, 'root', false])
    const admin = inv.hosts.get('one.example.com')!
    expect([admin.address, admin.port, admin.user, admin.sudo]).toEqual(['one.example.com', 22, 'admin', true])
  })

  test('ansible_become: false turns sudo off for a non-root user', () => {
    expect(inv.hosts.get('two.example.com')!.sudo).toBe(false)
  })

  test('group vars: deeper child group beats its parent; all is lowest', () => {
    // east (depth 2, under prod) overrides prod (depth 1), which overrides all.
    expect(inv.hosts.get('foo.example.com')!.vars.ntp_server).toBe('ntp.east.example.com')
    expect(inv.hosts.get('bar.example.com')!.vars.ntp_server).toBe('ntp.prod.example.com')
    expect(inv.hosts.get('mail.example.com')!.vars.ntp_server).toBe('ntp.atlanta.example.com')
    expect(inv.hosts.get('foo.example.com')!.groups).toEqual(['east', 'prod', 'webservers'])
  })

  test('ProxyJump from ansible_ssh_common_args, inherited through groups', () => {
    expect(inv.hosts.get('one.example.com')!.proxyJump).toBe('ops@bastion.example.com:2222')
    expect(inv.hosts.get('www01.example.com')!.proxyJump).toBeUndefined()
  })

  test('ProxyCommand "ssh -W %h:%p" becomes a jump; key file ~ expanded', () => {
    const h = inv.hosts.get('staging7.example.com')!
    expect(h.proxyJump).toBe('stage@gw.example.com:2200')
    expect(h.identityFiles).toEqual([join(home, '.ssh/staging')])
  })

  test('ansible_connection: local; unknown ansible_* vars kept in vars', () => {
    const h = inv.hosts.get('localhost')!
    expect(h.connection).toBe('local')
    expect(h.vars.ansible_python_interpreter).toBe('/usr/bin/python3')
    expect(h.vars.ansible_user).toBe('admin')
  })
})

describe('Ansible inventory variants', () => {
  test('top-level groups without all:, host defined twice identically, group priority', async () => {
    const home = tempHome()
    const {writeTemp} = await import('./helpers.js')
    const file = writeTemp(
      home,
      'hosts.yml',
      [
        'webservers:',
        '  hosts:',
        '    web1:',
        '      ansible_port: 2222',
        '  vars:',
        '    tier: web',
        'monitored:',
        '  hosts:',
        '    web1:',
        '      ansible_port: 2222',
        '    nagios:',
        '  vars:',
        '    tier: mon',
        '    ansible_group_priority: 10',
        '',
      ].join('\n'),
    )
    const inv = await load(file, home)
    expect(inv.format).toBe('ansible')
    expect([...inv.hosts.keys()]).toEqual(['web1', 'nagios'])
    expect(inv.hosts.get('web1')!.port).toBe(2222)
    // Same depth: the higher ansible_group_priority wins over name order.
    expect(inv.hosts.get('web1')!.vars.tier).toBe('mon')
  })

  test('a child group named but never filled is allowed (as in Ansible) and warned about', async () => {
    const home = tempHome()
    const {writeTemp} = await import('./helpers.js')
    const file = writeTemp(home, 'hosts.yml', 'all:\n  children:\n    web:\n    db:\n      hosts:\n        d1:\n')
    const inv = await load(file, home)
    expect(inv.groups.get('web')).toEqual({name: 'web', hosts: [], children: [], vars: {}})
    expect(inv.warnings).toEqual([`${file}:3:5: group "web" has no hosts`])
  })
})
