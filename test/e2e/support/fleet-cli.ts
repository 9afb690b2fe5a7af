/** Runs the built CLI (`bin/run.js`, compiled by `npm run build`) as an operator would. */
import {spawn} from 'node:child_process'
import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

export const FLEET_BIN = fileURLToPath(new URL('../../../bin/run.js', import.meta.url))

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

/** Run history goes to a private state dir, never the developer's own ~/.local/state. */
const stateHome = mkdtempSync(join(tmpdir(), 'fleet-state-'))

export function runFleet(args: string[], options: {env?: Record<string, string>; timeoutMs?: number} = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [FLEET_BIN, ...args], {
      env: {...process.env, NO_COLOR: '1', XDG_STATE_HOME: stateHome, ...options.env},
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 180_000)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({code, stdout, stderr})
    })
  })
}

/**
 * UNEXPLAINED LAB FLAKE, worked around in the two tests that log in as `pwuser`, and only for
 * this one error: in full suite runs (2 of 4 clean-clone runs, never in 40+ runs of those files
 * alone, under load or not) sshd on a lab host closed a `pwuser` connection before login
 * completed (no SSH error, no DISCONNECT message), which fleet rightly reports as `protocol: connection closed before login completed`.
 * No other user ever hit it. Until the cause is found, such a host is checked once more, and the
 * first error is printed so every occurrence is in the CI log.
 */
export async function retryPreLoginClose<T>(host: string, run: () => Promise<T>, errorOf: (result: T) => unknown): Promise<T> {
  const first = await run()
  const error = errorOf(first) as {kind?: string; message?: string} | null
  if (error?.kind !== 'protocol' || !/connection closed before login completed/.test(error.message ?? '')) return first
  console.warn(`lab flake (see test/e2e/support/fleet-cli.ts): ${host}: ${error.message}; checking it once more`)
  return run()
}
