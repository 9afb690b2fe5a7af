import ssh2 from 'ssh2'
import type {Client, ConnectConfig} from 'ssh2'
import type {Duplex} from 'node:stream'
import {makeAuthHandler, type AuthLog} from './auth-handler.js'
import {classifyError} from './classify-error.js'
import {startDeadline} from './deadline.js'
import type {HostKeyChecker} from './host-key-check.js'
import type {KeyStore} from './key-store.js'
import {TransportError} from './types.js'

export interface ClientTarget {
  address: string
  port: number
  username: string
  identityFiles: string[]
}

export interface OpenClientOptions {
  target: ClientTarget
  /** Host name used in errors (the inventory name, or the bastion's label). */
  label: string
  /** An already-open stream to the target (ProxyJump `forwardOut`); otherwise TCP to address:port. */
  sock?: Duplex
  timeoutMs: number
  signal?: AbortSignal
  hostKeys: HostKeyChecker
  keys: KeyStore
  agent?: string
  keepaliveIntervalMs: number
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/** The ssh2 errors that do not end the connection: ssh2 reports them and moves on to the next method. */
function isNonFatal(err: {level?: string; message: string}): boolean {
  if (err.level === 'agent') return true
  return err.level === 'client-authentication' && !/All configured authentication methods failed/.test(err.message)
}

/**
 * One authenticated ssh2 Client: host key checked against known_hosts,
 * agent then identity files, all within one deadline that also covers DNS
 * and TCP (ssh2's readyTimeout starts only once the socket is connecting).
 */
export async function openClient(options: OpenClientOptions): Promise<Client> {
  const {target, label, hostKeys, timeoutMs, signal} = options
  const where = `${target.username}@${target.address}:${target.port}`
  const serverHostKey = await hostKeys.preferredAlgorithms(target.address, target.port)
  const client = new ssh2.Client()
  const authLog: AuthLog = {tried: [], problems: []}
  let hostKeyError: TransportError | undefined

  return new Promise<Client>((resolve, reject) => {
    let settled = false
    const deadline = startDeadline({timeoutMs, signal, what: `connect to ${where}`, host: label, onExpire: () => client.destroy()})
    const finish = (error?: TransportError) => {
      if (settled) return
      settled = true
      deadline.clear()
      if (error) {
        client.destroy()
        reject(error)
      } else {
        resolve(client)
      }
    }
    deadline.expired.catch((error: TransportError) => finish(error))
    client.on('error', (err: Error & {level?: string}) => {
      if (settled || isNonFatal(err)) {
        if (!settled) authLog.problems.push(err.message)
        return
      }
      if (hostKeyError) return finish(hostKeyError)
      const kind = classifyError(err)
      if (kind === 'auth') {
        const offered = authLog.tried.length ? authLog.tried.join(', ') : 'nothing (no agent, no usable identity file)'
        const problems = authLog.problems.length ? `; unusable: ${authLog.problems.join('; ')}` : ''
        return finish(new TransportError('auth', `${where}: authentication failed; offered ${offered}${problems}`, label))
      }
      finish(new TransportError(kind, `${where}: ${describe(err)}`, label))
    })
    client.on('close', () => finish(hostKeyError ?? new TransportError('protocol', `${where}: connection closed before login completed`, label)))
    client.on('ready', () => finish())

    const config: ConnectConfig = {
      host: target.address,
      port: target.port,
      username: target.username,
      sock: options.sock as ConnectConfig['sock'],
      readyTimeout: timeoutMs,
      keepaliveInterval: options.keepaliveIntervalMs,
      keepaliveCountMax: 3,
      algorithms: {serverHostKey: serverHostKey as NonNullable<ConnectConfig['algorithms']>['serverHostKey']},
      hostVerifier: ((key: Buffer, verify: (ok: boolean) => void) => {
        hostKeys.check(target.address, target.port, key, label).then(
          (error) => {
            hostKeyError = error
            verify(error === undefined)
          },
          (error: unknown) => {
            hostKeyError = new TransportError('host-key-unknown', `${where}: cannot check host key: ${describe(error)}`, label)
            verify(false)
          },
        )
      }) as unknown as ConnectConfig['hostVerifier'],
      authHandler: makeAuthHandler(
        {username: target.username, agent: options.agent, identityFiles: target.identityFiles, keys: options.keys},
        authLog,
      ),
    }
    try {
      client.connect(config)
      // Each exchange is a request and its answer (the probe written, then EOF): with Nagle
      // on, the last short segment of a write waits for the host's delayed ACK, up to 40 ms
      // a host. OpenSSH turns Nagle off for its interactive sessions for the same reason.
      client.setNoDelay(true)
    } catch (error) {
      finish(new TransportError(classifyError(error), `${where}: ${describe(error)}`, label))
    }
  })
}
