import {
  appendKnownHost,
  assessHostKey,
  knownHostsName,
  loadKnownHosts,
  lookupHostKeys,
  sha256Fingerprint,
  type KnownHostEntry,
} from './known-hosts.js'
import {TransportError} from './types.js'

/** Host key algorithms ssh2 can negotiate for each known_hosts key type, best first. */
const ALGORITHMS_BY_KEY_TYPE: Record<string, string[]> = {
  'ssh-ed25519': ['ssh-ed25519'],
  'ecdsa-sha2-nistp256': ['ecdsa-sha2-nistp256'],
  'ecdsa-sha2-nistp384': ['ecdsa-sha2-nistp384'],
  'ecdsa-sha2-nistp521': ['ecdsa-sha2-nistp521'],
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
  'ssh-dss': ['ssh-dss'],
}

// ssh2's own default preference (lib/protocol/constants.js); ssh-dss stays opt-in, offered only when known.
const DEFAULT_ALGORITHMS = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
]

const where = (entry: KnownHostEntry) => `${entry.file}:${entry.line}`

/**
 * OpenSSH's StrictHostKeyChecking=yes (or accept-new) against the configured
 * known_hosts files, read once per run. Never prompts.
 */
export class HostKeyChecker {
  private entries?: Promise<KnownHostEntry[]>
  /** Keys recorded by accept-new during this run, so a host reached twice is written once. */
  private readonly recorded = new Set<string>()

  constructor(
    private readonly files: string[],
    private readonly acceptNew: boolean,
  ) {}

  private known(): Promise<KnownHostEntry[]> {
    this.entries ??= loadKnownHosts(this.files).then((parsed) => parsed.entries)
    return this.entries
  }

  /** Like OpenSSH: algorithms of key types already known for the host first, so the host offers the key we can check. */
  async preferredAlgorithms(address: string, port: number): Promise<string[]> {
    const types = [...new Set(lookupHostKeys(await this.known(), address, port).map((entry) => entry.keyType))]
    const preferred = types.flatMap((type) => ALGORITHMS_BY_KEY_TYPE[type] ?? [])
    return [...new Set([...preferred, ...DEFAULT_ALGORITHMS])]
  }

  /** Undefined when the key is acceptable (possibly after recording it); otherwise the error to report. */
  async check(address: string, port: number, keyBlob: Buffer, hostLabel: string): Promise<TransportError | undefined> {
    const entries = await this.known()
    const verdict = assessHostKey(entries, address, port, keyBlob)
    const name = knownHostsName(address, port)
    const offered = `${verdict.keyType} ${sha256Fingerprint(keyBlob)}`
    switch (verdict.status) {
      case 'match':
        return undefined
      case 'revoked':
        return new TransportError(
          'host-key-revoked',
          `host key for ${name} (${offered}) is marked @revoked at ${where(verdict.entry!)}; refusing to connect`,
          hostLabel,
        )
      case 'changed': {
        const expected = verdict.sameType.map((entry) => `${sha256Fingerprint(entry.key)} (${where(entry)})`).join(', ')
        return new TransportError(
          'host-key-changed',
          `host key for ${name} has CHANGED: offered ${offered}, expected ${expected}. ` +
            'Someone may be intercepting the connection; if the host was reinstalled, remove that known_hosts line.',
          hostLabel,
        )
      }
      case 'unknown': {
        if (this.acceptNew && this.files.length > 0) return this.record(address, port, verdict.keyType, keyBlob, hostLabel)
        const others = verdict.otherTypes.length
          ? `; keys of other types are known (${verdict.otherTypes.map((e) => `${e.keyType} at ${where(e)}`).join(', ')})`
          : ''
        return new TransportError(
          'host-key-unknown',
          `host key for ${name} (${offered}) is not in ${this.files.join(', ') || 'any known_hosts file'}${others}; ` +
            'add it (ssh-keyscan) or allow accept-new',
          hostLabel,
        )
      }
    }
  }

  private async record(
    address: string,
    port: number,
    keyType: string,
    keyBlob: Buffer,
    hostLabel: string,
  ): Promise<TransportError | undefined> {
    const file = this.files[0]
    const id = `${knownHostsName(address, port)} ${keyBlob.toString('base64')}`
    if (this.recorded.has(id)) return undefined
    this.recorded.add(id)
    let line: number
    try {
      line = await appendKnownHost(file, address, port, keyType, keyBlob.toString('base64'))
    } catch (error) {
      this.recorded.delete(id)
      return new TransportError('host-key-unknown', `accept-new: cannot record host key in ${file}: ${(error as Error).message}`, hostLabel)
    }
    // Later hosts in this run see the new line as if it had been read from the file.
    const entries = await this.known()
    entries.push({file, line, patterns: [knownHostsName(address, port)], keyType, keyBase64: keyBlob.toString('base64'), key: keyBlob})
    return undefined
  }
}
