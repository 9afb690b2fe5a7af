import {join} from 'node:path'
import {beforeAll, describe, expect, test} from 'vitest'
import type {Inventory} from '../../../src/inventory/index.js'
import {fixture, load, tempHome} from './helpers.js'

describe('native inventory', () => {
  let inv: Inventory
  let home: string
  beforeAll(async () => {
    home = tempHome()
    inv = await load(fixture('native.yml'), home)
  })

  test('format and host order (ranges expanded in place)', () => {
    expect(inv.format).toBe('native')
    expect([...inv.hosts.keys()]).toEqual(['bastion', 'web01', 'web02', 'app-a', 'app-b', 'app-c', 'db01', 'localhost'])
  })

  test.each([
    // name, address, port, user, sudo, proxyJump
    ['bastion', '203.0.113.10', 22, 'jump', false, undefined],
    ['web01', 'web01', 22, 'deploy', true, 'jump@bastion'],
    ['app-b', 'app-b', 2202, 'deploy', true, 'jump@bastion'],
    ['db01', '10.20.0.5', 22, 'root', false, undefined],
  ])('%s connects to %s:%i as %s (sudo %s, via %s)', (name, address, port, user, sudo, proxyJump) => {
    const h = inv.hosts.get(name)!
    expect({address: h.address, port: h.port, user: h.user, sudo: h.sudo, proxyJump: h.proxyJump}).toEqual({
      address,
      port,
      user,
      sudo,
      proxyJump,
    })
  })

  test('identity files: ~ expanded against HOME, relative ones against the inventory directory, order kept', () => {
    expect(inv.hosts.get('web01')!.identityFiles).toEqual([join(home, '.ssh/fleet_ed25519')])
    expect(inv.hosts.get('db01')!.identityFiles).toEqual([
      join(fixture('.'), 'keys/db_ed25519'),
      join(home, '.ssh/fleet_ed25519'),
    ])
  })

  test('groups include ancestors; vars layer defaults < parent group < child group < host', () => {
    const web = inv.hosts.get('web02')!
    expect(web.groups).toEqual(['php', 'prod', 'web'])
    expect(web.vars).toEqual({env: 'prod', php: '8.2', role: 'frontend', fpm_pool: 'www'})
    const db = inv.hosts.get('db01')!
    expect(db.groups).toEqual(['db', 'prod'])
    expect(db.vars).toEqual({env: 'prod', php: '8.1'})
    expect(inv.hosts.get('bastion')!.groups).toEqual([])
  })

  test('local connection; sudo follows the user (deploy is not root)', () => {
    const h = inv.hosts.get('localhost')!
    expect(h.connection).toBe('local')
    expect(h.sudo).toBe(true)
  })

  test('source points at the host key', () => {
    expect(inv.hosts.get('db01')!.source).toEqual({file: fixture('native.yml'), line: 19, column: 3})
    expect(inv.hosts.get('app-c')!.source?.line).toBe(16)
  })

  test('group specs keep direct members and children', () => {
    expect(inv.groups.get('php')).toEqual({name: 'php', hosts: [], children: ['web', 'app'], vars: {role: 'php', fpm_pool: 'www'}})
    expect(inv.groups.get('app')!.hosts).toEqual(['app-a', 'app-b', 'app-c'])
  })
})
