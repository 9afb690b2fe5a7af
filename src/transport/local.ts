import {spawn} from 'node:child_process'
import type {HostSpec} from '../inventory/types.js'
import {BoundedOutput, DEFAULT_OUTPUT_CAP} from './bounded-output.js'
import {startDeadline} from './deadline.js'
import {writeStdin} from './stdin.js'
import {classifySudoFailure, sudoArgv} from './sudo.js'
import {TransportError, type Connector, type ExecOptions, type ExecResult, type Transport} from './types.js'

/**
 * Variables fleet reads for itself that no child may inherit: the key passphrase, the
 * agent socket (whoever holds it can sign with every key in the agent), and any other
 * FLEET_* variable named like a secret.
 */
const PRIVATE = new Set(['FLEET_SSH_PASSPHRASE', 'SSH_AUTH_SOCK', 'SSH_AGENT_PID'])
const SECRET_NAME = /^FLEET_.*(PASS|SECRET|TOKEN|KEY)/i

/** The environment given to local commands: fleet's own, without its secrets. */
export function childEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || PRIVATE.has(name) || SECRET_NAME.test(name)) continue
    out[name] = value
  }
  return out
}

/** Kills the command's whole process group: `sh -c` children must not outlive a timeout. */
function killGroup(pid: number | undefined): void {
  if (pid === undefined) return
  try {
    process.kill(-pid, 'SIGKILL')
  } catch {}
}

function execLocal(host: HostSpec, command: string, options: ExecOptions, outputCap: number): Promise<ExecResult> {
  const isRoot = process.getuid?.() === 0
  const viaSudo = options.sudo === true && !isRoot
  const argv = viaSudo ? sudoArgv(command) : ['sh', '-c', command]
  const stdout = new BoundedOutput(outputCap)
  const stderr = new BoundedOutput(outputCap)
  // detached: own process group, so a timeout can kill everything the command started.
  const child = spawn(argv[0], argv.slice(1), {stdio: ['pipe', 'pipe', 'pipe'], detached: true, env: childEnv()})
  const deadline = startDeadline({
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    what: `local command on ${host.name}`,
    host: host.name,
    onExpire: () => killGroup(child.pid),
  })
  const run = new Promise<ExecResult>((resolve, reject) => {
    const take = (which: 'stdout' | 'stderr', into: BoundedOutput) => (chunk: Buffer) => {
      // Over budget: stop reading and kill the command (see ExecOptions.outputBudget).
      if (options.outputBudget && !options.outputBudget.accept(chunk, which)) {
        child.stdout.destroy()
        child.stderr.destroy()
        killGroup(child.pid)
        return
      }
      if (which === 'stdout' && options.outputBudget?.consumesStdout) return
      into.push(chunk)
    }
    child.stdout.on('data', take('stdout', stdout))
    child.stderr.on('data', take('stderr', stderr))
    child.on('error', (error) =>
      reject(new TransportError('protocol', `${host.name}: cannot run ${argv[0]}: ${error.message}`, host.name)),
    )
    child.on('close', (code, signal) => {
      const result: ExecResult = {stdout: stdout.text(), stderr: stderr.text(), code}
      if (signal) result.signal = signal
      if (stdout.truncated) result.stdoutTruncated = true
      if (stderr.truncated) result.stderrTruncated = true
      if (viaSudo) {
        const refusal = classifySudoFailure(code, result.stderr)
        if (refusal) {
          reject(new TransportError('sudo', `${host.name}: sudo -n refused: ${refusal.why} (${refusal.line})`, host.name))
          return
        }
      }
      resolve(result)
    })
    // EPIPE when the command exits without reading stdin; its exit status tells the story.
    child.stdin.on('error', () => {})
    writeStdin(child.stdin, options.stdin)
  })
  return Promise.race([run, deadline.expired]).finally(() => deadline.clear())
}

/** `connection: local` hosts: the same exec contract, run with `sh -c` on this machine. */
export function createLocalConnector(options: {outputCap?: number} = {}): Connector {
  const outputCap = options.outputCap ?? DEFAULT_OUTPUT_CAP
  return {
    async connect(host: HostSpec, connectOptions): Promise<Transport> {
      if (connectOptions.signal?.aborted) throw new TransportError('aborted', `${host.name}: aborted`, host.name)
      return {
        host,
        exec: (command, execOptions) => execLocal(host, command, execOptions, outputCap),
        close: async () => {},
      }
    },
    close: async () => {},
  }
}
