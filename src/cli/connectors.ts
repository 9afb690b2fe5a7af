import {homedir} from 'node:os'
import {join} from 'node:path'

import type {HostSpec} from '../inventory/types.js'
import {createLocalConnector} from '../transport/local.js'
import {createSshConnector} from '../transport/ssh.js'
import type {Connector} from '../transport/types.js'
import {passphraseSource} from './passphrase.js'

export interface ConnectionSettings {
  knownHosts?: string[]
  acceptNew: boolean
  identity?: string[]
}

/** One SSH connector (shared keys, agent, bastions) and one local connector for the whole run. */
export function createConnectors(settings: ConnectionSettings): {connectorFor(host: HostSpec): Connector; close(): Promise<void>} {
  const ssh = createSshConnector({
    knownHostsFiles: settings.knownHosts?.length ? settings.knownHosts : [join(homedir(), '.ssh', 'known_hosts')],
    acceptNew: settings.acceptNew,
    identityFiles: settings.identity ?? [],
    passphrase: passphraseSource(),
  })
  const local = createLocalConnector()
  return {
    connectorFor: (host) => (host.connection === 'local' ? local : ssh),
    close: async () => {
      await Promise.allSettled([ssh.close(), local.close()])
    },
  }
}
