// Boots real hosts and checks the lab gives what the rest of the suite relies
// on: working and broken sites, distinct host keys, the two sudo behaviours,
// and a clean teardown.
import {execFile} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {type Lab, labAvailable, labUp} from '../lab/lab.js'

const available = labAvailable()

interface Run {
  code: number
  stdout: string
  stderr: string
}

function run(cmd: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(cmd, args, {encoding: 'utf8', timeout: 60_000}, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 255) : 0
      resolve({code, stdout, stderr})
    })
  })
}

describe.skipIf(!available.ok)(`lab smoke${available.ok ? '' : ` (skipped: ${available.reason})`}`, () => {
  let lab: Lab
  const addr = (name: string) => lab.hosts.find((h) => h.name === name)!.address
  const ssh = (user: string, name: string, command: string) =>
    run('ssh', [
      '-i', lab.identity, '-o', 'IdentitiesOnly=yes', '-o', 'BatchMode=yes',
      '-o', `UserKnownHostsFile=${lab.knownHosts}`, '-o', 'StrictHostKeyChecking=yes',
      '-o', 'ConnectTimeout=10', `${user}@${addr(name)}`, command,
    ])

  beforeAll(async () => {
    lab = await labUp([
      {name: 'smoke-clean'},
      {name: 'smoke-fpm', faults: ['fpm-stopped']},
      {name: 'smoke-two', faults: ['socket-elsewhere', 'header-buffers']},
    ])
  })

  afterAll(async () => {
    // Only if a test failed before the teardown test ran.
    if (lab?.hosts.length) await lab.down()
  })

  it('writes an inventory naming every host by its address', () => {
    const inv = readFileSync(lab.inventory, 'utf8')
    for (const h of lab.hosts) expect(inv).toContain(`${h.name}: { address: ${h.address} }`)
    expect(inv).toContain(`identity_file: "${lab.identity}"`)
  })

  it('serves the app on the clean host and 502 where FPM is stopped (seen from inside, over ssh)', async () => {
    const code = (name: string) => ssh('root', name, "curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1/")
    const clean = await code('smoke-clean')
    expect(clean.stderr).toBe('')
    expect(clean.stdout).toBe('200')
    expect((await code('smoke-fpm')).stdout).toBe('502')
    const body = await ssh('root', 'smoke-clean', 'curl -s http://127.0.0.1/')
    expect(body.stdout).toBe('smoke-clean ok\n')
  })

  it('serves from the controller over the host network namespace', async () => {
    const res = await fetch(`http://${addr('smoke-clean')}/`, {signal: AbortSignal.timeout(10_000)})
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('smoke-clean ok\n')
  })

  it('leaves the real log lines of both faults on the two-fault host', async () => {
    expect(lab.hosts.find((h) => h.name === 'smoke-two')!.faults).toEqual(['socket-elsewhere', 'header-buffers'])
    const err = await lab.exec('smoke-two', 'cat /var/log/nginx/error.log')
    expect(err.stdout).toMatch(/\[crit\] .*connect\(\) to unix:\/run\/php\/php-nobody\.sock failed \(2: No such file or directory\)/)
    const access = await lab.exec('smoke-two', ['cat', '/var/log/nginx/access.log'])
    expect(access.stdout).toMatch(/"GET \/ HTTP\/1\.1" 400 /)
  })

  it('gives every host its own host key, and known_hosts matches it', async () => {
    const keys = readFileSync(lab.knownHosts, 'utf8').split('\n')
      .map((l) => l.split(' '))
      .filter((f) => f[1] === 'ssh-ed25519' && lab.hosts.some((h) => h.address === f[0]))
    expect(keys.map((k) => k[0]).sort()).toEqual(lab.hosts.map((h) => h.address).sort())
    expect(new Set(keys.map((k) => k[2])).size).toBe(lab.hosts.length)
    for (const h of lab.hosts) {
      const pub = await ssh('root', h.name, 'cut -d" " -f2 /etc/ssh/ssh_host_ed25519_key.pub')
      expect(pub.code).toBe(0)
      expect(keys.find((k) => k[0] === h.address)![2]).toBe(pub.stdout.trim())
    }
  })

  it('lets deploy sudo without a password, and pwuser not', async () => {
    const deploy = await ssh('deploy', 'smoke-clean', 'sudo -n true')
    expect(deploy.code).toBe(0)
    const pw = await ssh('pwuser', 'smoke-clean', 'sudo -n true')
    expect(pw.code).toBe(1)
    expect(pw.stderr).toMatch(/a password is required/)
  })

  it('tears down without leaving a netns, mount or process behind', async () => {
    const hosts = [...lab.hosts]
    await lab.down()
    const netns = (await run('ip', ['netns', 'list'])).stdout
    const links = (await run('ip', ['-o', 'link', 'show'])).stdout
    const mounts = readFileSync('/proc/self/mountinfo', 'utf8')
    for (const h of hosts) {
      expect(netns).not.toContain(h.netns)
      expect(links).not.toMatch(new RegExp(`flv${h.address.split('.')[2]}[@:]`))
      expect(() => process.kill(h.pid, 0)).toThrow(/ESRCH/)
    }
    expect(mounts).not.toContain(lab.dir)
    expect(lab.hosts).toEqual([])
  })
})
