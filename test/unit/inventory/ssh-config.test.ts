import {existsSync, mkdirSync} from 'node:fs'
import {join} from 'node:path'
import {beforeAll, describe, expect, test} from 'vitest'
import type {Inventory} from '../../../src/inventory/index.js'
import {load, tempHome, writeTemp} from './helpers.js'

describe('~/.ssh/config merge', () => {
  let inv: Inventory
  // Created at collection time: the test table below needs the paths.
  const home = tempHome()
  const sentinel = join(home, 'match-exec-ran')
  beforeAll(async () => {
    mkdirSync(join(home, 'conf.d'))
    writeTemp(home, 'conf.d/10-inc.conf', ['host inc1', '  port 2345', '  USER incuser', ''].join('\n'))
    const sshConfig = writeTemp(
      home,
      'ssh_config',
      [
        'Include conf.d/*.conf',
        'Host 10.1.0.8',
        '  User root',
        'Host web01',
        '  HostName 10.9.0.1',
        '  User webadmin',
        '  IdentityFile ~/.ssh/web_%h',
        'Host web02',
        '  HostName should-not-be-used',
        '  User byname',
        '  Port 2002',
        '  IdentityFile ~/.ssh/byname',
        'Host 10.1.0.* !10.1.0.99',
        '  User netuser',
        '  Port 2200',
        '  ProxyJump bastion-net',
        'Host db?',
        '  Port 2201',
        `Match exec "touch ${sentinel}"`,
        '  User exec-user',
        'Match user root host 10.1.*',
        '  IdentityFile ~/.ssh/root_key',
        'Host *',
        '  User everyone',
        '  IdentityFile ~/.ssh/id_ed25519',
        '  Port 2299',
        '  ProxyJump none',
        '',
      ].join('\n'),
    )
    const file = writeTemp(
      home,
      'inventory.yml',
      [
        'hosts:',
        '  web01:',
        '  net5: {address: 10.1.0.5}',
        '  net99: {address: 10.1.0.99}',
        '  net-root: {address: 10.1.0.8}',
        '  db1:',
        '  db10:',
        '  web02: {address: 10.5.0.7}',
        '  inc1:',
        '  override: {address: 10.1.0.5, port: 2222, user: ops, identity_file: k/ops, proxy_jump: j2}',
        '',
      ].join('\n'),
    )
    inv = await load(file, home, sshConfig)
  })
  const get = (name: string) => {
    const h = inv.hosts.get(name)!
    return {address: h.address, port: h.port, user: h.user, identityFiles: h.identityFiles, proxyJump: h.proxyJump, sudo: h.sudo}
  }
  const key = (name: string) => join(home, '.ssh', name)

  test.each([
    // HostName, first-obtained User, IdentityFiles in order with %h expanded to the HostName.
    ['web01', {address: '10.9.0.1', port: 2299, user: 'webadmin', identityFiles: [key('web_10.9.0.1'), key('id_ed25519')], proxyJump: undefined, sudo: true}],
    // Pattern with a wildcard; ProxyJump from the first block that says it.
    ['net5', {address: '10.1.0.5', port: 2200, user: 'netuser', identityFiles: [key('id_ed25519')], proxyJump: 'bastion-net', sudo: true}],
    // !negation rejects the whole Host line; ProxyJump none means no jump.
    ['net99', {address: '10.1.0.99', port: 2299, user: 'everyone', identityFiles: [key('id_ed25519')], proxyJump: undefined, sudo: true}],
    // Match user/host evaluated; root from ssh_config means no sudo.
    ['net-root', {address: '10.1.0.8', port: 2200, user: 'root', identityFiles: [key('root_key'), key('id_ed25519')], proxyJump: 'bastion-net', sudo: false}],
    // ? is exactly one character.
    ['db1', {address: 'db1', port: 2201, user: 'everyone', identityFiles: [key('id_ed25519')], proxyJump: undefined, sudo: true}],
    ['db10', {address: 'db10', port: 2299, user: 'everyone', identityFiles: [key('id_ed25519')], proxyJump: undefined, sudo: true}],
    // Address looked up first; the name only fills gaps and never replaces the inventory address.
    ['web02', {address: '10.5.0.7', port: 2299, user: 'everyone', identityFiles: [key('id_ed25519'), key('byname')], proxyJump: undefined, sudo: true}],
    // Include (relative to the config's directory, glob), keywords in any case.
    ['inc1', {address: 'inc1', port: 2345, user: 'incuser', identityFiles: [key('id_ed25519')], proxyJump: undefined, sudo: true}],
    // The inventory wins over everything ssh_config says.
    ['override', {address: '10.1.0.5', port: 2222, user: 'ops', identityFiles: [join(home, 'k/ops')], proxyJump: 'j2', sudo: true}],
  ])('%s', (name, expected) => {
    expect(get(name)).toEqual(expected)
  })

  test('Match exec is never run; the skipped block is noted', () => {
    expect(existsSync(sentinel)).toBe(false)
    expect(inv.warnings?.some((w) => w.includes('Match exec') && w.includes('ignored'))).toBe(true)
  })
})

describe('without an ssh config', () => {
  test('port 22, the local user, sudo unless root, no identity files', async () => {
    const home = tempHome()
    const file = writeTemp(home, 'inventory.yml', 'hosts:\n  a:\n  b: {user: root}\n  c: {sudo: false}\n')
    const inv = await load(file, home)
    expect([...inv.hosts.values()].map((h) => [h.name, h.address, h.port, h.user, h.sudo, h.identityFiles])).toEqual([
      ['a', 'a', 22, 'alice', true, []],
      ['b', 'b', 22, 'root', false, []],
      ['c', 'c', 22, 'alice', false, []],
    ])
    const asRoot = await load(file, home, join(home, 'none'), 'root')
    expect(asRoot.hosts.get('a')!.sudo).toBe(false)
  })

  test('an unreadable ssh config path (a directory) is an error naming it', async () => {
    const home = tempHome()
    const file = writeTemp(home, 'inventory.yml', 'hosts:\n  a:\n')
    await expect(load(file, home, home)).rejects.toThrow(`${home}:1:1: cannot read ssh config`)
  })
})
