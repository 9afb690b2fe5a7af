import {existsSync} from 'node:fs'
import {homedir, userInfo} from 'node:os'
import {join} from 'node:path'
import type {HostSpec} from '../inventory/types.js'
import {BastionPool, forwardTo, type BastionLease, type ResolvedHop} from './bastion-pool.js'
import {startDeadline} from './deadline.js'
import {HostKeyChecker} from './host-key-check.js'
import {KeyStore, type PassphraseSource} from './key-store.js'
import {formatHop, parseProxyJump} from './proxy-jump.js'
import {openClient} from './ssh-client.js'
import {sshTransport} from './ssh-transport.js'
import {TransportError, type ConnectOptions, type Connector, type Transport} from './types.js'

export {classifyError} from './classify-error.js'

export interface SshConnectorOptions {
  knownHostsFiles: string[]
  /** OpenSSH StrictHostKeyChecking=accept-new: record unknown hosts' keys in the first known_hosts file. */
  acceptNew: boolean
  /** Offered after each host's own identityFiles. With none anywhere, OpenSSH's default ~/.ssh/id_* that exist. */
  identityFiles?: string[]
  /** Agent socket; default SSH_AUTH_SOCK. Used only if it exists. Empty string disables the agent. */
  agent?: string
  /** Asked once per encrypted identity file (the path is passed for the prompt). */
  passphrase?: PassphraseSource
  keepaliveIntervalMs?: number
  /** ProxyJump hops may be inventory names: map one to where/how to connect. */
  resolveJumpHost?: (name: string) => Partial<Pick<HostSpec, 'address' | 'port' | 'user' | 'identityFiles'>> | undefined
  /** How long an unused bastion connection stays open for later targets (default 30 s). */
  bastionIdleMs?: number
  /** Per-stream output cap for exec (default 64 MiB). */
  outputCap?: number
  /** Told about known_hosts lines that are ignored (malformed, bad @revoked), once per file. */
  warn?: (message: string) => void
}

// OpenSSH's default IdentityFile list (ssh_config(5)), tried only when nothing is configured.
const DEFAULT_IDENTITIES = ['id_rsa', 'id_ecdsa', 'id_ecdsa_sk', 'id_ed25519', 'id_ed25519_sk', 'id_xmss', 'id_dsa']

/** The SSH connector plus what tests and diagnostics may inspect. */
export interface SshConnector extends Connector {
  /** Number of bastion TCP connections opened so far. */
  bastionConnections(): number
  /**
   * Loads the connector's identity files now (asking for passphrases) instead
   * of during the first handshake, whose deadline a person typing would eat.
   * Returns the files that cannot be used, with why.
   */
  preloadKeys(): Promise<string[]>
}

export function createSshConnector(options: SshConnectorOptions): SshConnector {
  const hostKeys = new HostKeyChecker(options.knownHostsFiles, options.acceptNew, options.warn)
  const keys = new KeyStore(options.passphrase)
  const agentPath = options.agent ?? process.env.SSH_AUTH_SOCK
  const agent = agentPath && existsSync(agentPath) ? agentPath : undefined
  const keepaliveIntervalMs = options.keepaliveIntervalMs ?? 15_000
  const localUser = userInfo().username
  const defaults = DEFAULT_IDENTITIES.map((name) => join(homedir(), '.ssh', name)).filter((file) => existsSync(file))

  const identitiesFor = (own: string[] = []): string[] => {
    const files = [...new Set([...own, ...(options.identityFiles ?? [])])]
    return files.length > 0 ? files : defaults
  }

  const pool = new BastionPool(
    (hop, sock, timeoutMs) =>
      openClient({target: hop, label: `ProxyJump ${hop.label}`, sock, timeoutMs, hostKeys, keys, agent, keepaliveIntervalMs}),
    options.bastionIdleMs ?? 30_000,
  )

  const resolveHops = (host: HostSpec): ResolvedHop[] => {
    let hops
    try {
      hops = parseProxyJump(host.proxyJump ?? '')
    } catch (error) {
      throw new TransportError('protocol', `${host.name}: proxyJump: ${(error as Error).message}`, host.name)
    }
    return hops.map((hop) => {
      const known = options.resolveJumpHost?.(hop.host)
      return {
        label: formatHop(hop),
        address: known?.address ?? hop.host,
        port: hop.port ?? known?.port ?? 22,
        username: hop.user ?? known?.user ?? localUser,
        identityFiles: identitiesFor(known?.identityFiles),
      }
    })
  }

  async function connect(host: HostSpec, connectOptions: ConnectOptions): Promise<Transport> {
    const username = host.user ?? localUser
    const hops = host.proxyJump ? resolveHops(host) : []
    const started = Date.now()
    const remaining = () => Math.max(1, connectOptions.timeoutMs - (Date.now() - started))
    let lease: BastionLease | undefined
    let sock
    if (hops.length > 0) {
      const via = hops.map((hop) => hop.label).join(',')
      // One deadline over bastion + forward; the target handshake below gets what is left.
      const outer = startDeadline({
        timeoutMs: connectOptions.timeoutMs,
        signal: connectOptions.signal,
        what: `connect to ${host.name} via ProxyJump ${via}`,
        host: host.name,
        onExpire: () => {},
      })
      const acquiring = pool.acquire(hops, connectOptions.timeoutMs)
      try {
        lease = await Promise.race([acquiring, outer.expired])
        sock = await Promise.race([forwardTo(lease.client, host.address, host.port, via, host.name), outer.expired])
      } catch (error) {
        // A lease that arrives after we gave up must still be given back.
        if (lease) lease.release()
        else acquiring.then((late) => late.release(), () => {})
        throw rehome(error, host, via)
      } finally {
        outer.clear()
      }
    }
    try {
      const client = await openClient({
        target: {address: host.address, port: host.port, username, identityFiles: identitiesFor(host.identityFiles)},
        label: host.name,
        sock,
        timeoutMs: remaining(),
        signal: connectOptions.signal,
        hostKeys,
        keys,
        agent,
        keepaliveIntervalMs,
      })
      return sshTransport(host, client, username, () => lease?.release(), options.outputCap)
    } catch (error) {
      lease?.release()
      throw error
    }
  }

  return {
    connect,
    close: () => pool.closeAll(),
    bastionConnections: () => pool.opened,
    async preloadKeys() {
      const loaded = await Promise.all(identitiesFor().map((file) => keys.get(file)))
      return loaded.flatMap((key) => ('problem' in key ? [`${key.file}: ${key.problem}`] : []))
    },
  }
}

/** A bastion's failure, reported on the target with the bastion named. */
function rehome(error: unknown, host: HostSpec, via: string): TransportError {
  if (error instanceof TransportError) {
    if (error.host === host.name) return error
    return new TransportError(error.kind, `${host.name}: via ProxyJump ${via}: ${error.message}`, host.name)
  }
  return new TransportError('protocol', `${host.name}: via ProxyJump ${via}: ${String(error)}`, host.name)
}
