/**
 * Issue 8 item 2, end to end against a real sshd on loopback and the real OpenSSH client:
 * --accept-new never writes a pattern into known_hosts (a bad address is refused at load,
 * nothing contacted, nothing written), two processes accepting one address at once record
 * one entry, and what fleet writes is what OpenSSH reads back under StrictHostKeyChecking=yes.
 */
import {execFileSync, spawn, spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {runFleet} from '../support/fleet-cli.js'
import {sshdAvailable, startSshd, type Sshd} from './sshd-harness.js'

const run = sshdAvailable() ? describe : describe.skip
const transport = new URL('../../../dist/src/transport/ssh.js', import.meta.url).href

let dir: string
let sshd: Sshd

/** The real OpenSSH client, strict, with only `knownHosts` to go by. */
function openssh(knownHosts: string, target: string): {status: number | null; stderr: string} {
  const result = spawnSync(
    'ssh',
    [
      '-F', '/dev/null',
      '-o', 'StrictHostKeyChecking=yes',
      '-o', `UserKnownHostsFile=${knownHosts}`,
      '-o', 'GlobalKnownHostsFile=/dev/null',
      '-o', 'BatchMode=yes',
      '-o', 'IdentitiesOnly=yes',
      '-o', 'ConnectTimeout=10',
      '-i', sshd.clientKey,
      '-p', String(sshd.port),
      `root@${target}`,
      'true',
    ],
    {encoding: 'utf8', timeout: 30_000},
  )
  return {status: result.status, stderr: result.stderr}
}

/** A separate node process that connects once with accept-new (the compiled transport, as the CLI runs it). */
function acceptingProcess(knownHosts: string, address: string) {
  const script = `
    const {createSshConnector} = await import(${JSON.stringify(transport)})
    const c = createSshConnector({knownHostsFiles: [${JSON.stringify(knownHosts)}], acceptNew: true, agent: '', identityFiles: [${JSON.stringify(sshd.clientKey)}]})
    process.stdout.write('ready\\n')
    await new Promise((resolve) => process.stdin.once('data', resolve))
    process.stdin.destroy()
    const t = await c.connect({name: 'h', address: ${JSON.stringify(address)}, port: ${sshd.port}, user: 'root', identityFiles: [], sudo: false, connection: 'ssh', groups: [], vars: {}}, {timeoutMs: 20000})
    await t.close()
    await c.close()
    process.stdout.write('connected\\n')`
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {stdio: ['pipe', 'pipe', 'pipe']})
  let out = ''
  let err = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk))
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
  return {
    child,
    ready: async () => {
      while (!out.includes('ready')) {
        if (child.exitCode !== null) throw new Error(`child exited early: ${err}`)
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    },
    done: async () => ({code: await exited, out, err}),
  }
}

run('--accept-new against a real sshd', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fleet-accept-e2e-'))
    sshd = await startSshd({extraConfig: ['ListenAddress ::1']})
  })
  afterAll(async () => {
    await sshd?.stop()
    if (dir) rmSync(dir, {recursive: true, force: true})
  })

  it.each([
    ['native address', (port: number) => ['hosts:', '  web01:', '    address: "*,web01"', `    port: ${port}`, '    user: root'], 3, 'hosts.web01.address'],
    [
      'ansible_host with a newline',
      (port: number) => ['all:', '  hosts:', '    web01:', '      ansible_host: "127.0.0.1\\n* ssh-ed25519 AAAA #"', `      ansible_port: ${port}`],
      4,
      'all.hosts.web01.ansible_host',
    ],
  ])('%s that is not a host name or IP: refused at load (exit 65, FILE:LINE, field), nothing contacted, nothing written', async (_name, yaml, line, field) => {
    const inventory = join(dir, `inv-${line}.yml`)
    writeFileSync(inventory, yaml(sshd.port).join('\n') + '\n')
    const knownHosts = join(dir, `kh-refused-${line}`)
    const before = sshd.connectionCount()
    const result = await runFleet(['check', '-i', inventory, '--all', '--accept-new', '--known-hosts', knownHosts, '--identity', sshd.clientKey, '--no-history'])
    expect(result.code).toBe(65)
    expect(result.stderr).toContain(`${inventory}:${line}:`)
    expect(result.stderr).toContain(field)
    expect(existsSync(knownHosts)).toBe(false)
    expect(sshd.connectionCount()).toBe(before)
  })

  it('two processes accepting one address at once record one entry, which ssh-keygen -F and ssh (strict) accept', async () => {
    const knownHosts = join(dir, 'kh-concurrent')
    const procs = [acceptingProcess(knownHosts, '127.0.0.1'), acceptingProcess(knownHosts, '127.0.0.1')]
    await Promise.all(procs.map((p) => p.ready()))
    for (const p of procs) p.child.stdin.write('go\n')
    const results = await Promise.all(procs.map((p) => p.done()))
    for (const r of results) expect(r, r.err).toMatchObject({code: 0, out: 'ready\nconnected\n'})
    expect(readFileSync(knownHosts, 'utf8')).toBe(`${sshd.knownHostsLine()}\n`)
    expect(existsSync(`${knownHosts}.lock`)).toBe(false)
    const found = execFileSync('ssh-keygen', ['-F', `[127.0.0.1]:${sshd.port}`, '-f', knownHosts], {encoding: 'utf8'})
    expect([...found.matchAll(/found: line (\d+)/g)].map((m) => m[1])).toEqual(['1'])
    expect(openssh(knownHosts, '127.0.0.1')).toMatchObject({status: 0})
  })

  it.each([
    ['a host name', 'LocalHost', 'localhost'],
    ['an IPv6 literal', '::1', '::1'],
  ])('an entry recorded for %s is read back by OpenSSH itself, and trusts no other name', async (_name, address, sshTarget) => {
    const knownHosts = join(dir, `kh-readback-${sshTarget.replace(/\W/g, '_')}`)
    const p = acceptingProcess(knownHosts, address)
    await p.ready()
    p.child.stdin.write('go\n')
    const r = await p.done()
    expect(r, r.err).toMatchObject({code: 0})
    const [name] = readFileSync(knownHosts, 'utf8').trim().split(' ')
    expect(name).toBe(`[${address.toLowerCase()}]:${sshd.port}`)
    expect(openssh(knownHosts, sshTarget)).toMatchObject({status: 0})
    // The same key under another name is not trusted: the entry is no pattern.
    const other = openssh(knownHosts, sshTarget === '::1' ? '127.0.0.1' : '::1')
    expect(other.status).not.toBe(0)
    expect(other.stderr).toMatch(/Host key verification failed|No .* host key is known/)
  })
})
