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
