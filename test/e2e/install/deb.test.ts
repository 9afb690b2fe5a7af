/**
 * The .deb installs and runs on a Debian 12 host that has no Node: boots one lab host, copies
 * the package in (scp), `dpkg -i`, then runs `fleet --version` and `fleet check --local --json` (judged on a thread)
 * there. The package is .pack/fleet_*.deb from `npm run pack` at this commit; when there is none, it
 * is built here once (`scripts/pack.sh deb`, oclif pack deb, a few minutes on two cores).
 */
import {execFile, execFileSync} from 'node:child_process'
import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {type Lab, labAvailable, labUp} from '../../lab/lab.js'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const PACK_DIR = join(ROOT, '.pack')
const available = labAvailable()

/** .pack/fleet_VERSION.SHA-1_amd64.deb built from this commit (oclif puts the short sha in the name). */
const findDeb = (): string | undefined => {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short=7', 'HEAD'], {cwd: ROOT, encoding: 'utf8'}).trim()
    const deb = readdirSync(PACK_DIR).find((f) => f.startsWith('fleet_') && f.endsWith(`.${sha}-1_amd64.deb`))
    return deb && join(PACK_DIR, deb)
  } catch {
    return undefined
  }
}

function run(cmd: string, args: string[]): Promise<{code: number; stdout: string; stderr: string}> {
  return new Promise((resolve) => {
    execFile(cmd, args, {encoding: 'utf8', timeout: 300_000, maxBuffer: 64 << 20}, (error, stdout, stderr) => {
      resolve({code: error ? (typeof error.code === 'number' ? error.code : 255) : 0, stdout, stderr})
    })
  })
}

describe.skipIf(!available.ok)(`fleet .deb on a host without Node${available.ok ? '' : ` (skipped: ${available.reason})`}`, () => {
  let lab: Lab
  let deb: string
  const HOST = 'deb-install'

  beforeAll(async () => {
    deb = findDeb() ?? ''
    if (!deb) {
      execFileSync('bash', [join(ROOT, 'scripts/pack.sh'), 'deb'], {cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], timeout: 900_000})
      deb = findDeb() ?? ''
    }
    lab = await labUp([{name: HOST}])
    const host = lab.hosts[0]
    const scp = await run('scp', ['-q', '-i', lab.identity, '-o', 'IdentitiesOnly=yes', '-o', 'BatchMode=yes',
      '-o', `UserKnownHostsFile=${lab.knownHosts}`, '-o', 'StrictHostKeyChecking=yes', deb, `root@${host.address}:/root/fleet.deb`])
    if (scp.code !== 0) throw new Error(`scp failed: ${scp.stderr}`)
  }, 1_200_000)

  afterAll(async () => {
    await lab?.down()
  }, 300_000)

  it('the package holds its own Node and the host has none', async () => {
    expect(deb).toMatch(/fleet_.*_amd64\.deb$/)
    const noNode = await lab.exec(HOST, 'command -v node nodejs; dpkg -s nodejs >/dev/null 2>&1 && echo has-nodejs; true')
    expect(noNode.stdout.trim()).toBe('')
  })

  it('dpkg -i installs it; fleet --version and fleet check --local --json run there', async () => {
    const install = await lab.exec(HOST, 'dpkg -i /root/fleet.deb')
    expect(install.code, install.stderr).toBe(0)
    expect((await lab.exec(HOST, 'readlink -f "$(command -v fleet)"')).stdout.trim()).toBe('/usr/lib/fleet/bin/fleet')

    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {version: string}
    const version = await lab.exec(HOST, 'fleet --version')
    expect(version.code, version.stderr).toBe(0)
    expect(version.stdout).toContain(`fleet/${pkg.version} linux-x64 node-v`)

    // On a judging thread: the package must hold the thread's entry and what it loads.
    const check = await lab.exec(HOST, 'cd /root && fleet check --local --json --no-history --judge-threads 1')
    expect([0, 1, 2], check.stderr).toContain(check.code)
    const report = JSON.parse(check.stdout) as {version: number; hosts: Array<{status: string; findings: Array<{check: string}>}>}
    expect(report.version).toBe(1)
    expect(report.hosts).toHaveLength(1)
    expect(report.hosts[0].status).not.toBe('unreachable')
    // The lab host serves its PHP site: nginx and FPM are up, so neither service check fires.
    expect(report.hosts[0].findings.map((f) => f.check)).not.toContain('nginx/service-down')
    expect(report.hosts[0].findings.map((f) => f.check)).not.toContain('fpm/service-down')
  })
})
