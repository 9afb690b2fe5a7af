/**
 * Ansible INI inventories (issue 14 item 7), read as Ansible's ini inventory plugin reads
 * them. The fixtures are Ansible's own documented examples (docs.ansible.com "How to build
 * your inventory" and the EXAMPLES of lib/ansible/plugins/inventory/ini.py).
 */
import {describe, expect, test} from 'vitest'
import {InventoryError} from '../../../src/inventory/index.js'
import {iniValue, shellWords} from '../../../src/inventory/ansible-ini.js'
import {fixture, load, tempHome, writeTemp} from './helpers.js'

const ini = (name: string) => load(fixture(`ini/${name}`), tempHome())

async function refusal(text: string, name = 'hosts.ini'): Promise<InventoryError> {
  const home = tempHome()
  const file = writeTemp(home, name, text)
  const error = await load(file, home).then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(InventoryError)
  expect((error as InventoryError).file).toBe(file)
  return error as InventoryError
}

describe('Ansible INI inventory: the documented examples', () => {
  test('basic: ungrouped hosts, host:port, ranges www[01:50] and db-[a:f], connection vars', async () => {
    const inv = await ini('docs-basic.ini')
    expect(inv.format).toBe('ansible')
    expect(inv.groups.get('ungrouped')!.hosts).toEqual(['mail.example.com', 'badwolf.example.com'])
    expect(inv.hosts.get('badwolf.example.com')!.port).toBe(5309)
    const web = inv.groups.get('webservers')!.hosts
    expect(web).toHaveLength(52)
    expect(web.slice(2, 4)).toEqual(['www01.example.com', 'www02.example.com'])
    expect(web.at(-1)).toBe('www50.example.com')
    expect(inv.groups.get('dbservers')!.hosts.slice(3)).toEqual(['db-a.example.com', 'db-b.example.com', 'db-c.example.com', 'db-d.example.com', 'db-e.example.com', 'db-f.example.com'])
    expect(inv.hosts.get('localhost')!.connection).toBe('local')
    expect(inv.hosts.get('other1.example.com')!.user).toBe('myuser')
    const jumper = inv.hosts.get('jumper')!
    expect([jumper.address, jumper.port]).toEqual(['192.0.2.50', 5555])
    expect(jumper.source).toMatchObject({line: 23, column: 1})
    expect(inv.groups.get('all')!.children).toEqual(expect.arrayContaining(['ungrouped', 'webservers', 'dbservers', 'targets', 'aliased']))
  })

  test('host vars, group vars and groups of groups (:children, :vars)', async () => {
    const inv = await ini('docs-children.ini')
    const host2 = inv.hosts.get('host2')!
    expect(host2.vars).toMatchObject({http_port: 303, maxRequestsPerChild: 909, ntp_server: 'ntp.atlanta.example.com', escape_pods: 2})
    expect(host2.groups).toEqual(['atlanta', 'raleigh', 'southeast', 'usa'])
    expect(inv.hosts.get('host3')!.vars).toMatchObject({some_server: 'foo.southeast.example.com'})
    expect(inv.hosts.get('host3')!.vars.ntp_server).toBeUndefined()
    expect(inv.groups.get('usa')!.children).toEqual(['southeast'])
  })

  test('a :children section naming an undefined group is refused at its line, as Ansible does', async () => {
    const home = tempHome()
    const error = await load(fixture('ini/docs-usa-undefined.ini'), home).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InventoryError)
    expect((error as InventoryError).line).toBe(11)
    expect((error as InventoryError).message).toMatch(/docs-usa-undefined\.ini:11:1: \[usa:children\] names group "northeast"/)
  })

  test('plugin example 1: inline comments, literal values, quoting, child vars beat parent and all', async () => {
    const inv = await ini('plugin-example1.ini')
    expect(inv.hosts.get('host2')!.port).toBe(222)
    expect(inv.hosts.get('host2')!.vars.ansible_port).toBe(222)
    expect(inv.hosts.get('tomcat1')!.vars).toMatchObject({http_port: 8080, myvar: 23})
    expect(inv.hosts.get('tomcat2')!.vars.myvar).toBe(34)
    expect(inv.hosts.get('tomcat3')!.vars.mysecret).toBe('03#pa33w0rd')
    expect(inv.hosts.get('jenkins1')!.vars.has_java).toBe(true)
    expect(inv.hosts.get('host1')!.vars.has_java).toBe(false)
    expect(inv.hosts.get('jenkins1')!.groups).toEqual(['nginx', 'web'])
  })

  test('plugin example 2: ungrouped hosts sharing an address on two ports; one host in two groups', async () => {
    const inv = await ini('plugin-example2.ini')
    expect(inv.groups.get('ungrouped')!.hosts).toEqual(['host1', 'host2', 'host3'])
    expect([inv.hosts.get('host2')!.address, inv.hosts.get('host2')!.port]).toEqual(['127.0.0.1', 44])
    expect([inv.hosts.get('host3')!.address, inv.hosts.get('host3')!.port]).toEqual(['127.0.0.1', 45])
    expect(inv.hosts.get('host4')!.groups).toEqual(['g1', 'g2'])
  })

  test('a file with no extension is read as INI when it is not a YAML mapping (Ansible\'s classic hosts file)', async () => {
    const home = tempHome()
    const inv = await load(writeTemp(home, 'hosts', 'web1 ansible_host=10.0.0.1\n\n[db]\ndb1\n'), home)
    expect([...inv.hosts.keys()]).toEqual(['web1', 'db1'])
    const yaml = await load(writeTemp(home, 'inv', 'hosts:\n  a: { address: 10.0.0.2 }\n'), home)
    expect(yaml.format).toBe('native')
    // A broken YAML file without an extension gets its YAML error, not an INI one.
    const broken = await load(writeTemp(home, 'inv2', 'hosts:\n  a: { address: 10.0.0.2\n'), home).catch((e: unknown) => e)
    expect((broken as Error).message).toMatch(/YAML syntax/)
  })

  test('names that are Object.prototype keys are plain names', async () => {
    const home = tempHome()
    const inv = await load(writeTemp(home, 'hosts.ini', '[__proto__]\nh1 __proto__=x constructor=y\n[__proto__:vars]\ntoString=z\n'), home)
    const vars = inv.hosts.get('h1')!.vars
    // (A variable named __proto__ is dropped when vars are layered, as in YAML inventories; nothing is polluted.)
    expect(Object.getPrototypeOf(vars)).toBe(Object.prototype)
    expect([vars.constructor, vars.toString]).toEqual(['y', 'z'])
    expect(inv.hosts.get('h1')!.groups).toEqual(['__proto__'])
    expect(({} as Record<string, unknown>).x).toBeUndefined()
  })
})

describe('Ansible INI inventory: what fleet refuses, at FILE:LINE', () => {
  test.each([
    ['[web:hosts2]\nh1\n', 1, /unknown type "hosts2"/],
    ['[web servers]\nh1\n', 1, /invalid section/],
    ['[web]\nh1 ansible_port\n', 2, /expected key=value after the host name, got "ansible_port"/],
    ['[web]\nh1 note="unterminated\n', 2, /no closing quotation/],
    ['[web]\nh1\n[web:vars]\njust-a-word\n', 4, /expected key=value in \[web:vars\]/],
    ['[db:vars]\nx=1\n[web]\nh1\n', 1, /\[db:vars\] is for group "db", which no \[db\]/],
    ['[web]\nh1 ansible_host=bad;name\n', 2, /ansible_host/],
    ['[web]\nh1:\n', 2, /ends in ":" with no port/],
    ['[web]\nwww[05:01]\n', 2, /empty \(begin > end\)/],
    ['[web]\nh1 ansible_port=70000\n', 2, /integer 1-65535/],
    ['[web]\nh1 ansible_user="{{ user }}"\n', 2, /Jinja/],
    ['[web]\nh1 ansible_port=22\n[db]\nh1 ansible_port=2222\n', 4, /defined again with a different ansible_port/],
    ['[web]\nh1\n[web:vars]\nx=1\nx=2\n', 5, /sets x differently/],
  ])('%j is refused at line %i', async (text, line, message) => {
    const error = await refusal(text)
    expect(error.line).toBe(line)
    expect(error.message).toMatch(message)
  })

  test('a hostile host name is refused like in YAML inventories (address validation)', async () => {
    const error = await refusal('[web]\n-oProxyCommand=x\n')
    expect(error.line).toBe(2)
  })
})

describe('INI pieces', () => {
  test('host lines split like shlex (posix, comments)', () => {
    expect(shellWords(`h1 a="x y" b='p q' c=d\\ e # comment`).map((t) => t.text)).toEqual(['h1', 'a=x y', 'b=p q', 'c=d e'])
    expect(shellWords('h1 a=b#c').map((t) => t.text)).toEqual(['h1', 'a=b'])
    expect(shellWords(`h1 s="'03#pa33w0rd'"`).map((t) => t.text)).toEqual(['h1', "s='03#pa33w0rd'"])
  })

  test('values as Python literals where they are one, else the text', () => {
    expect(iniValue('222')).toBe(222)
    expect(iniValue('True # comment')).toBe(true)
    expect(iniValue('None')).toBeNull()
    expect(iniValue("'03#pa33w0rd'")).toBe('03#pa33w0rd')
    expect(iniValue('0755')).toBe('0755')
    expect(iniValue('10.0.0.1')).toBe('10.0.0.1')
    expect(iniValue('true')).toBe('true')
    expect(iniValue('1.5')).toBe(1.5)
    expect(iniValue('0x1F')).toBe(31)
    expect(iniValue('0o17')).toBe(15)
    expect(iniValue('0b102')).toBe('0b102')
    expect(iniValue('1_000')).toBe(1000)
    expect(iniValue('ntp.example.com # not a literal')).toBe('ntp.example.com # not a literal')
  })
})
