/**
 * A private lab for the reload tests: real nspawn hosts booted by test/lab/lab.sh in a temp lab
 * dir (so other test files' labs are untouched), plus the fleet CLI as a real child process
 * (SIGINT must reach a real process).
 */
import {execFile, spawn} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {promisify} from 'node:util'

const run = promisify(execFile)
const repo = fileURLToPath(new URL('../../..', import.meta.url))
const labSh = join(repo, 'test', 'lab', 'lab.sh')

/** The CLI: FLEET_CLI (a bin/run.js) if set, else this checkout's bin/run.js over its build. */
export function fleetCli(): string {
  return process.env.FLEET_CLI ?? join(repo, 'bin', 'run.js')
}

/** Why the lab or the CLI cannot run here, or null when they can. */
export function labUnavailable(): string | null {
  if (process.getuid?.() !== 0) return 'the lab needs root (network namespaces, mounts, systemd-nspawn)'
  for (const tool of ['/usr/bin/systemd-nspawn', '/usr/sbin/debootstrap']) {
    if (!existsSync(tool)) return `${tool} is missing (apt-get install systemd-container debootstrap, or run scripts/setup.sh)`
  }
  if (!process.env.FLEET_CLI && !existsSync(join(repo, 'dist', 'commands', 'reload.js'))) return 'dist/commands/reload.js is missing: run npm run build first'
  return null
}

export interface LabHost {
  name: string
  address: string
  netns: string
}

export interface ReloadLab {
  dir: string
  inventory: string
  knownHosts: string
  key: string
  hosts: LabHost[]
  /** Runs a shell command inside a host through its namespaces (works with its network down). */
  sh(host: string, command: string): Promise<string>
  down(): Promise<void>
}

/** Boots NAMES; `faults` adds lab faults per host (e.g. `no-systemd`), as in a lab.sh spec line. */
export async function bootLab(names: string[], faults: Record<string, string[]> = {}): Promise<ReloadLab> {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-reload-lab-'))
  const env = {...process.env, FLEET_LAB_DIR: dir}
  const spec = join(dir, 'spec')
  writeFileSync(spec, names.map((n) => `${[n, ...(faults[n] ?? [])].join(' ')}\n`).join(''))
  const down = async () => {
    await run('bash', [labSh, 'down'], {env}).catch(() => undefined)
    rmSync(dir, {recursive: true, force: true})
  }
  try {
    await run('bash', [labSh, 'up', spec], {env, maxBuffer: 16 << 20})
  } catch (error) {
    await down()
    throw error
  }
  const state = JSON.parse(readFileSync(join(dir, 'hosts.json'), 'utf8')) as Array<{name: string; address: string; netns: string}>
  return {
    dir,
    inventory: join(dir, 'inventory.yml'),
    knownHosts: join(dir, 'known_hosts'),
    key: join(dir, 'id_ed25519'),
    hosts: names.map((n) => state.find((h) => h.name === n)!),
    sh: async (host, command) => (await run('bash', [labSh, 'exec', host, 'sh', '-c', command], {env})).stdout,
    down,
  }
}

export interface FleetRun {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/** Starts `fleet ARGS`; `onOutput` sees stderr (progress lines) and stdout as they come (for SIGINT and fault timing). */
export function startFleet(
  args: string[],
  stateDir: string,
  onOutput?: (stderr: string, child: ReturnType<typeof spawn>, stdout: string) => void,
) {
  // The audit log goes to XDG_STATE_HOME: a test-owned dir, never the operator's.
  const child = spawn(process.execPath, [fleetCli(), ...args], {stdio: ['ignore', 'pipe', 'pipe'], env: {...process.env, XDG_STATE_HOME: stateDir}})
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => {
    stdout += d
    onOutput?.(stderr, child, stdout)
  })
  child.stderr.on('data', (d) => {
    stderr += d
    onOutput?.(stderr, child, stdout)
  })
  const done = new Promise<FleetRun>((resolve) => child.on('close', (code, signal) => resolve({code, signal, stdout, stderr})))
  return {child, done}
}

export interface Traffic {
  stop(): Promise<{ok: number; failed: number; failures: string[]}>
}

/**
 * Requests from the controller to each lab address until stopped, bounded by count and time.
 * Any status but 200 or any connection error counts as failed.
 */
export function startTraffic(addresses: string[], options = {maxPerHost: 5000, maxMs: 120_000}): Traffic {
  let stopped = false
  const started = Date.now()
  let ok = 0
  let failed = 0
  const failures: string[] = []
  const loop = async (address: string) => {
    for (let i = 0; i < options.maxPerHost && !stopped && Date.now() - started < options.maxMs; i++) {
      try {
        const response = await fetch(`http://${address}/`, {signal: AbortSignal.timeout(10_000), headers: {connection: 'close'}})
        await response.arrayBuffer()
        if (response.status === 200) ok++
        else {
          failed++
          failures.push(`${address}: HTTP ${response.status}`)
        }
      } catch (error) {
        failed++
        failures.push(`${address}: ${(error as Error).message}`)
      }
    }
  }
  const loops = addresses.flatMap((a) => [loop(a), loop(a)])
  return {
    async stop() {
      stopped = true
      await Promise.all(loops)
      return {ok, failed, failures: failures.slice(0, 10)}
    },
  }
}

/** `fleet reload --json` against the whole lab (root, its key and known_hosts), with the report parsed (null when stdout is not one). */
export async function reloadLab(lab: ReloadLab, args: string[]): Promise<FleetRun & {report: import('../../../src/reload/types.js').ReloadReport | null}> {
  const common = ['reload', '-i', lab.inventory, '--known-hosts', lab.knownHosts, '--identity', lab.key, '--yes', '--json']
  // No selection is refused: the whole lab unless the caller names hosts (--all excludes the others).
  const selects = args.some((a) => ['--host', '--group', '--limit', '--all'].includes(a))
  const r = await startFleet([...common, ...(selects ? [] : ['--all']), ...args], join(lab.dir, 'state')).done
  try {
    return {...r, report: JSON.parse(r.stdout)}
  } catch {
    return {...r, report: null}
  }
}

/** Status and X-Fleet-Push header of GET / on a lab address. */
export async function served(address: string): Promise<string> {
  // No keep-alive: a connection kept open would still be served by an old worker after a reload.
  const r = await fetch(`http://${address}/`, {signal: AbortSignal.timeout(10_000), headers: {connection: 'close'}})
  await r.arrayBuffer()
  return `${r.status} ${r.headers.get('x-fleet-push') ?? '-'}`
}
