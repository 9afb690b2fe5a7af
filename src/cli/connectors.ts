import {homedir} from 'node:os'
import {join} from 'node:path'

import type {HostSpec, Inventory} from '../inventory/types.js'
import {createLocalConnector} from '../transport/local.js'
import {createSshConnector} from '../transport/ssh.js'
import type {Connector} from '../transport/types.js'
import {passphraseSource} from './passphrase.js'

export interface ConnectionSettings {
  knownHosts?: string[]
  acceptNew: boolean
  identity?: string[]
  /** Lets a ProxyJump hop name an inventory host (its address, port, user and keys are used). */
  inventory?: Inventory
  /** Where warnings found while connecting go (ignored known_hosts lines); default stderr. */
  warn?: (message: string) => void
}

const warnOnStderr = (message: string) => void process.stderr.write(`Warning: ${message}\n`)

/** One SSH connector (shared keys, agent, bastions) and one local connector for the whole run. */
export function createConnectors(settings: ConnectionSettings): {
  connectorFor(host: HostSpec): Connector
  /** Reads (and decrypts) every key once before any host is contacted, so a passphrase prompt eats no deadline. */
  preload(hosts: HostSpec[]): Promise<string[]>
  close(): Promise<void>
} {
  const ssh = createSshConnector({
    resolveJumpHost: (name) => settings.inventory?.hosts.get(name),
    knownHostsFiles: settings.knownHosts?.length ? settings.knownHosts : [join(homedir(), '.ssh', 'known_hosts')],
    acceptNew: settings.acceptNew,
    identityFiles: settings.identity ?? [],
    passphrase: passphraseSource(),
    warn: settings.warn ?? warnOnStderr,
  })
  const local = createLocalConnector()
  return {
    connectorFor: (host) => (host.connection === 'local' ? local : ssh),
    preload: async (hosts) => (hosts.some((host) => host.connection === 'ssh') ? ssh.preloadKeys() : []),
    close: async () => {
      await Promise.allSettled([ssh.close(), local.close()])
    },
  }
}
