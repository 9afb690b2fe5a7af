// Test-side handle on the lab (lab.sh): boot real hosts for a test file,
// run commands in them, add faults, tear them down.
import {spawn, spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

export const LAB_SCRIPT = fileURLToPath(new URL('./lab.sh', import.meta.url))

export interface LabSpecHost {
  name: string
  faults?: string[]
}

export interface LabHost {
  name: string
  address: string
  faults: string[]
  /** systemd-nspawn pid on the controller. */
  pid: number
  netns: string
}

export interface ExecResult {
  stdout: string
  stderr: string
  code: number
}

export interface Lab {
  dir: string
  /** Native fleet inventory of every host in this lab. */
  inventory: string
  knownHosts: string
  /** Private key (no passphrase) authorized for root, deploy and pwuser on every host. */
  identity: string
  hosts: LabHost[]
  /** Run inside the host (namespaces entered from the controller, so it works with sshd down). A string runs through `sh -c`. */
  exec(name: string, cmd: string | string[]): Promise<ExecResult>
  fault(name: string, fault: string): Promise<void>
  /** Stop some hosts, or all of them (then the lab dir is removed if labUp created it). */
  down(names?: string[]): Promise<void>
}

export interface LabOptions {
  /** State dir; default: a fresh temp dir, removed by down(). */
  dir?: string
  /** Image cache (FLEET_LAB_CACHE). */
  cache?: string
}

/** Whether this machine can boot the lab; tests skip with `reason` when not. */
export function labAvailable(): {ok: boolean; reason?: string} {
  if (process.env.FLEET_LAB_SKIP) return {ok: false, reason: 'FLEET_LAB_SKIP is set'}
  if (process.platform !== 'linux') return {ok: false, reason: `lab needs Linux, this is ${process.platform}`}
  if (process.getuid?.() !== 0) return {ok: false, reason: 'lab needs root (network namespaces, mounts, nspawn)'}
  for (const tool of ['systemd-nspawn', 'ip', 'nsenter', 'ssh', 'ssh-keyscan', 'curl']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) {
      return {ok: false, reason: `${tool} not found (run: sudo ${LAB_SCRIPT} image, which installs the lab's Debian packages)`}
    }
  }
  const probe = `fl-probe-${process.pid}`
  const add = spawnSync('ip', ['netns', 'add', probe], {encoding: 'utf8'})
  if (add.status !== 0) return {ok: false, reason: `cannot create a network namespace: ${add.stderr.trim()}`}
  spawnSync('ip', ['netns', 'del', probe])
  return {ok: true}
}

interface RunOptions {
  dir: string
  cache?: string
  /** Resolve with the result instead of throwing on a non-zero exit. */
  allowFail?: boolean
}

function runLab(args: string[], opts: RunOptions): Promise<ExecResult> {
  const env = {...process.env, FLEET_LAB_DIR: opts.dir, ...(opts.cache ? {FLEET_LAB_CACHE: opts.cache} : {})}
  return new Promise((resolve, reject) => {
    const child = spawn(LAB_SCRIPT, args, {env, stdio: ['ignore', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code, signal) => {
      const result = {stdout, stderr, code: code ?? 128}
      if (result.code === 0 || opts.allowFail) return resolve(result)
      reject(new Error(`lab.sh ${args.slice(0, 2).join(' ')} failed (${signal ?? `exit ${code}`}) in ${opts.dir}:\n${stderr.trim()}`))
    })
  })
}

function readHosts(dir: string): LabHost[] {
  return JSON.parse(readFileSync(join(dir, 'hosts.json'), 'utf8')) as LabHost[]
}

/** Boot the hosts of `spec` (in parallel) and apply their faults. */
export async function labUp(spec: LabSpecHost[], opts: LabOptions = {}): Promise<Lab> {
  const owned = !opts.dir
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'fleet-lab-'))
  const run = (args: string[], allowFail = false) => runLab(args, {dir, cache: opts.cache, allowFail})
  const specFile = join(dir, `spec-${process.pid}-${Date.now()}`)
  writeFileSync(specFile, spec.map((h) => [h.name, ...(h.faults ?? [])].join(' ')).join('\n') + '\n')
  try {
    await run(['up', specFile])
  } catch (error) {
    // Do not leave half a lab behind a failed test setup.
    await run(['down', ...spec.map((h) => h.name)], true)
    if (owned) rmSync(dir, {recursive: true, force: true})
    throw error
  }
  const names = new Set(spec.map((h) => h.name))
  const lab: Lab = {
    dir,
    inventory: join(dir, 'inventory.yml'),
    knownHosts: join(dir, 'known_hosts'),
    identity: join(dir, 'id_ed25519'),
    hosts: readHosts(dir).filter((h) => names.has(h.name)),
    exec: (name, cmd) => run(['exec', name, ...(typeof cmd === 'string' ? ['sh', '-c', cmd] : cmd)], true),
    async fault(name, fault) {
      await run(['fault', name, fault])
      lab.hosts = readHosts(dir).filter((h) => names.has(h.name))
    },
    async down(downNames) {
      await run(['down', ...(downNames ?? [...names])])
      if (downNames) {
        for (const n of downNames) names.delete(n)
        lab.hosts = lab.hosts.filter((h) => names.has(h.name))
        return
      }
      names.clear()
      lab.hosts = []
      if (owned && existsSync(dir)) rmSync(dir, {recursive: true, force: true})
    },
  }
  return lab
}
