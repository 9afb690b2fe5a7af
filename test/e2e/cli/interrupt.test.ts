/**
 * Ctrl-C ends a run cleanly: hosts in flight are cancelled, the report of what was done
 * is still printed, and the exit code says a host could not be checked.
 */
import {spawn} from 'node:child_process'
import {mkdtempSync, writeFileSync} from 'node:fs'
import {createServer, type Server, type Socket} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, beforeAll, expect, it} from 'vitest'

import {FLEET_BIN} from '../support/fleet-cli.js'

// An "SSH server" that accepts and never says a word: a hung host.
let silent: Server
const sockets: Socket[] = []
let port = 0

beforeAll(async () => {
  silent = createServer((socket) => sockets.push(socket))
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
  port = (silent.address() as {port: number}).port
})

afterAll(() => {
  for (const socket of sockets) socket.destroy()
  silent.close()
})

it('reports what was done and exits 3 when interrupted', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-int-'))
  const inventory = join(dir, 'inventory.yml')
  writeFileSync(inventory, `hosts:\n  hung1: { address: 127.0.0.1, port: ${port} }\n  hung2: { address: 127.0.0.1, port: ${port} }\n`)
  writeFileSync(join(dir, 'kh'), '')
  const child = spawn(process.execPath, [FLEET_BIN, 'check', '-i', inventory, '--all', '--known-hosts', join(dir, 'kh'), '--timeout', '60', '--json'], {
    env: {...process.env, NO_COLOR: '1', XDG_STATE_HOME: dir},
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  // Interrupt once both connections are hanging in the handshake.
  while (sockets.length < 2) await new Promise((resolve) => setTimeout(resolve, 50))
  const interruptedAt = Date.now()
  child.kill('SIGINT')
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  // Far sooner than the 60 s connect deadline: nothing waited for it.
  expect(Date.now() - interruptedAt).toBeLessThan(20_000)
  expect(code).toBe(3)
  const report = JSON.parse(stdout)
  expect(report.interrupted).toBe(true)
  expect(report.hosts.map((host: {error: {kind: string}}) => host.error.kind)).toEqual(['aborted', 'aborted'])
})
