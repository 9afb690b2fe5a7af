/**
 * Simulated SSH hosts for hostile-host tests: one ssh2 server per host on
 * 127.0.0.1 (real TCP, real SSH), each with its own ed25519 host key written to a
 * temp known_hosts, accepting one client key for root. An exec reads its stdin to the
 * end (the probe script), takes the run's nonce from it (or from the command line, for
 * a probe invoked as `sh -s -- NONCE`), and answers with what the host's `reply` gives,
 * after an optional delay: a string, or an async generator of chunks for streams
 * (written with backpressure, until the client closes the channel).
 *
 *   const fleet = await startHostileFleet([{name: 'web01', reply: ({nonce}) => probeOutput('healthy', nonce)}])
 *   // fleet.inventory, fleet.knownHosts, fleet.identity; await fleet.stop()
 */
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import type {AddressInfo} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import ssh2 from 'ssh2'
import {parsableKeyPair} from '../../support/ssh-keys.js'

export interface ExecRequest {
  command: string
  stdin: string
  /** The probe's nonce, '' when the exec is not the probe. */
  nonce: string
}

export type Reply = string | Buffer | AsyncIterable<Buffer | string>

export interface HostileHost {
  name: string
  reply(request: ExecRequest): Reply
  /** Milliseconds between the end of stdin and the answer. */
  delayMs?: number
  exitCode?: number
}

export interface HostileFleet {
  dir: string
  inventory: string
  knownHosts: string
  identity: string
  /** Bytes each host wrote to its exec channels so far. */
  sent(name: string): number
  stop(): Promise<void>
}

const FIXTURES = new URL('../../fixtures/probe/', import.meta.url)
const RECORDED = /^==FLEET (\S+) BEGIN system==$/m

/** A recorded probe output (test/fixtures/probe/NAME.txt) with its frames carrying `nonce`. */
export function probeOutput(name: string, nonce: string): string {
  const text = readFileSync(new URL(`${name}.txt`, FIXTURES), 'utf8')
  const recorded = RECORDED.exec(text)?.[1]
  if (!recorded) throw new Error(`fixture ${name}.txt has no system frame`)
  return text.replaceAll(`==FLEET ${recorded} `, `==FLEET ${nonce} `)
}

/**
 * The probe's nonce: from the stdin it was sent when that starts with an assignment
 * line (parameters sent with the script), else from `sh -s -- NONCE ...`.
 */
export function nonceOf(command: string, stdin: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(stdin)) {
    const assigned = /^(?:FLEET_)?NONCE='?([A-Za-z0-9]+)'?$/m.exec(stdin)
    if (assigned) return assigned[1]
  }
  return /\bsh -s -- '?([A-Za-z0-9]+)'?/.exec(command)?.[1] ?? ''
}

async function answer(channel: ssh2.ServerChannel, host: HostileHost, request: ExecRequest, count: (n: number) => void): Promise<void> {
  if (host.delayMs) await new Promise((resolve) => setTimeout(resolve, host.delayMs))
  let closed = false
  channel.on('close', () => (closed = true))
  const reply = host.reply(request)
  const chunks: AsyncIterable<Buffer | string> | Iterable<Buffer | string> = typeof reply === 'string' || Buffer.isBuffer(reply) ? [reply] : reply
  for await (const chunk of chunks) {
    if (closed) return
    count(Buffer.byteLength(chunk))
    if (!channel.write(chunk)) await new Promise<void>((resolve) => {
      const done = () => {
        channel.off('drain', done)
        channel.off('close', done)
        resolve()
      }
      channel.on('drain', done)
      channel.on('close', done)
    })
  }
  if (closed) return
  channel.exit(host.exitCode ?? 0)
  channel.end()
}

export async function startHostileFleet(hosts: HostileHost[]): Promise<HostileFleet> {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-hostile-'))
  const client = parsableKeyPair()
  const identity = join(dir, 'id_ed25519')
  writeFileSync(identity, client.private, {mode: 0o600})
  const allowed = ssh2.utils.parseKey(client.public)
  if (allowed instanceof Error) throw allowed
  const servers: ssh2.Server[] = []
  const sockets = new Set<{destroy(): void}>()
  const sentBytes = new Map<string, number>()
  const known: string[] = []
  const inventory: string[] = ['hosts:']

  for (const host of hosts) {
    const hostKey = parsableKeyPair()
    sentBytes.set(host.name, 0)
    const server = new ssh2.Server({hostKeys: [hostKey.private]}, (conn) => {
      sockets.add(conn)
      conn.on('close', () => sockets.delete(conn))
      conn.on('error', () => undefined) // a client that hangs up is the client's business
      conn.on('authentication', (ctx) => {
        const ok = ctx.method === 'publickey' && ctx.username === 'root' && ctx.key.algo === allowed.type && ctx.key.data.equals(allowed.getPublicSSH())
        if (!ok) return ctx.reject(['publickey'])
        if (!ctx.signature) return ctx.accept()
        return allowed.verify(ctx.blob, ctx.signature, ctx.hashAlgo) === true ? ctx.accept() : ctx.reject(['publickey'])
      })
      conn.on('session', (acceptSession) => {
        const session = acceptSession()
        session.on('env', (accept) => accept?.())
        session.on('exec', (accept, _reject, info) => {
          const channel = accept()
          channel.on('error', () => undefined)
          let stdin = ''
          channel.on('data', (chunk: Buffer) => {
            if (stdin.length < 1 << 20) stdin += chunk.toString('utf8')
          })
          channel.once('end', () => {
            const request = {command: info.command, stdin, nonce: nonceOf(info.command, stdin)}
            answer(channel, host, request, (n) => sentBytes.set(host.name, (sentBytes.get(host.name) ?? 0) + n)).catch(() => undefined)
          })
        })
      })
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, '127.0.0.1', () => resolve())
    })
    servers.push(server)
    const {port} = server.address() as AddressInfo
    const [type, base64] = hostKey.public.split(' ')
    known.push(`[127.0.0.1]:${port} ${type} ${base64}`)
    inventory.push(`  ${host.name}:`, '    address: 127.0.0.1', `    port: ${port}`, '    user: root', '    sudo: false')
  }

  const knownHosts = join(dir, 'known_hosts')
  writeFileSync(knownHosts, `${known.join('\n')}\n`)
  const inventoryFile = join(dir, 'inventory.yml')
  writeFileSync(inventoryFile, `${inventory.join('\n')}\n`)
  return {
    dir,
    inventory: inventoryFile,
    knownHosts,
    identity,
    sent: (name) => sentBytes.get(name) ?? 0,
    async stop() {
      for (const socket of sockets) socket.destroy()
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))))
      rmSync(dir, {recursive: true, force: true})
    },
  }
}
