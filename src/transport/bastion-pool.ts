import type {Client} from 'ssh2'
import type {Duplex} from 'node:stream'
import {classifyError} from './classify-error.js'
import type {ClientTarget} from './ssh-client.js'
import {TransportError} from './types.js'
import {endClient} from './force-close.js'

/** A ProxyJump hop after name resolution: where to connect, as whom, which keys. */
export interface ResolvedHop extends ClientTarget {
  /** As written in ProxyJump (`user@host:port`), for messages. */
  label: string
}

export type OpenHop = (hop: ResolvedHop, sock: Duplex | undefined, timeoutMs: number) => Promise<Client>

export interface BastionLease {
  client: Client
  /** Drops this user's reference; idempotent. */
  release(): void
}

interface PoolEntry {
  ready: Promise<Client>
  refs: number
  idle?: NodeJS.Timeout
  /** The reference this hop holds on the hop before it (multi-hop chains). */
  releaseParent?: () => void
}

const OPEN_FAILED_CONNECT = 2 // SSH_OPEN_CONNECT_FAILED (RFC 4254 5.1)

/** Opens a direct-tcpip channel through `client` to address:port (sshd connects on our behalf). */
export function forwardTo(client: Client, address: string, port: number, label: string, host: string): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const done = (err: (Error & {reason?: number}) | undefined, stream: Duplex) => {
      if (!err) return resolve(stream)
      let kind = classifyError(err)
      if (kind === 'protocol' && err.reason === OPEN_FAILED_CONNECT) kind = 'refused'
      reject(new TransportError(kind, `via ProxyJump ${label}: cannot reach ${address}:${port}: ${err.message}`, host))
    }
    try {
      client.forwardOut('127.0.0.1', 0, address, port, done as never)
    } catch (error) {
      done(error as Error, undefined as never)
    }
  })
}

/**
 * One SSH connection per bastion chain, shared by every target behind it.
 * Ref-counted: it stays open while targets use it and for `idleMs` after the
 * last one lets go (a fleet run reaches hosts in waves); `closeAll` ends them.
 * A chain that failed stays failed for the run, so a dead bastion is reported
 * on every target behind it without being hammered once per target.
 */
export class BastionPool {
  private readonly entries = new Map<string, PoolEntry>()

  constructor(
    private readonly open: OpenHop,
    private readonly idleMs: number,
  ) {}

  /** Distinct TCP connections opened so far (one per chain); tests and diagnostics. */
  opened = 0

  async acquire(hops: ResolvedHop[], timeoutMs: number): Promise<BastionLease> {
    const key = hops.map((hop) => `${hop.username}@${hop.address}:${hop.port}`).join(',')
    let entry = this.entries.get(key)
    if (!entry) {
      const created: PoolEntry = {refs: 0, ready: this.build(hops, timeoutMs, () => created)}
      entry = created
      this.entries.set(key, created)
      created.ready.then(
        (client) =>
          client.once('close', () => {
            if (this.entries.get(key) === created) this.entries.delete(key)
            created.releaseParent?.()
          }),
        () => {},
      )
    }
    const held = entry
    held.refs++
    if (held.idle) clearTimeout(held.idle)
    held.idle = undefined
    let client: Client
    try {
      client = await held.ready
    } catch (error) {
      held.refs--
      throw error
    }
    let released = false
    return {
      client,
      release: () => {
        if (released) return
        released = true
        if (--held.refs > 0) return
        held.idle = setTimeout(() => {
          if (held.refs === 0) void endClient(client)
        }, this.idleMs)
        held.idle.unref()
      },
    }
  }

  private async build(hops: ResolvedHop[], timeoutMs: number, self: () => PoolEntry): Promise<Client> {
    const hop = hops[hops.length - 1]
    if (hops.length === 1) {
      this.opened++
      return this.open(hop, undefined, timeoutMs)
    }
    const parent = await this.acquire(hops.slice(0, -1), timeoutMs)
    try {
      const previous = hops[hops.length - 2]
      const stream = await forwardTo(parent.client, hop.address, hop.port, previous.label, hop.label)
      const client = await this.open(hop, stream, timeoutMs)
      self().releaseParent = parent.release
      return client
    } catch (error) {
      parent.release()
      throw error
    }
  }

  async closeAll(): Promise<void> {
    const entries = [...this.entries.values()]
    this.entries.clear()
    await Promise.all(
      entries.map(async (entry) => {
        if (entry.idle) clearTimeout(entry.idle)
        const client = await entry.ready.catch(() => undefined)
        if (!client) return
        await endClient(client)
      }),
    )
  }
}
