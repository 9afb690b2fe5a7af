import {
  addressProblem,
  appendKnownHost,
  assessHostKey,
  knownHostsName,
  loadKnownHosts,
  lookupHostKeys,
  sha256Fingerprint,
  withKnownHostsLock,
  type HostKeyAssessment,
  type KnownHostEntry,
  type ParsedKnownHosts,
} from './known-hosts.js'
import {cleanText, knownHostsWarnings} from './known-hosts-warnings.js'
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
  /** Files already warned about this run: each file's bad lines are reported once. */
  private readonly warned = new Set<string>()

  constructor(
    private readonly files: string[],
    private readonly acceptNew: boolean,
    private readonly warn: (message: string) => void = () => undefined,
  ) {}

  private async read(): Promise<KnownHostEntry[]> {
    const parsed: ParsedKnownHosts = await loadKnownHosts(this.files)
    const fresh = parsed.problems.filter((problem) => !this.warned.has(problem.file))
    for (const message of knownHostsWarnings(fresh)) this.warn(message)
    for (const problem of parsed.problems) this.warned.add(problem.file)
    return parsed.entries
  }

  private known(): Promise<KnownHostEntry[]> {
    this.entries ??= this.read()
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
    const verdict = assessHostKey(await this.known(), address, port, keyBlob)
    if (verdict.status === 'unknown' && this.acceptNew && this.files.length > 0) {
      return this.record(address, port, keyBlob, hostLabel)
    }
    return this.verdictError(verdict, address, port, keyBlob, hostLabel)
  }

  private verdictError(
    verdict: HostKeyAssessment,
    address: string,
    port: number,
    keyBlob: Buffer,
    hostLabel: string,
  ): TransportError | undefined {
    const name = cleanText(knownHostsName(address, port))
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

  /**
   * accept-new, as one step per file: under the file's lock, re-read every known_hosts
   * file and judge the key again (another connection of this run, another fleet process
   * or ssh itself may have recorded this host since we read it); only a key still
   * unknown is appended. A second, different key for the same name is thus a changed key.
   */
  private async record(address: string, port: number, keyBlob: Buffer, hostLabel: string): Promise<TransportError | undefined> {
    const file = this.files[0]
    const problem = addressProblem(address)
    if (problem) {
      return new TransportError(
        'host-key-unknown',
        `accept-new: refusing to record a host key for ${JSON.stringify(cleanText(address))} (${problem}): it would not be a plain known_hosts entry`,
        hostLabel,
      )
    }
    try {
      return await withKnownHostsLock(file, async () => {
        const entries = await this.read()
        const verdict = assessHostKey(entries, address, port, keyBlob)
        if (verdict.status === 'unknown') {
          const keyType = verdict.keyType
          const keyBase64 = keyBlob.toString('base64')
          const line = await appendKnownHost(file, address, port, keyType, keyBase64)
          entries.push({file, line, patterns: [knownHostsName(address, port)], keyType, keyBase64, key: keyBlob})
          // Said as OpenSSH says it: a key trusted from now on is never recorded without a word.
          this.warn(`Permanently added '${cleanText(knownHostsName(address, port))}' (${keyType} ${sha256Fingerprint(keyBlob)}) to the list of known hosts (${cleanText(file)}).`)
        }
        // Later hosts in this run judge against what is on disk now.
        this.entries = Promise.resolve(entries)
        return verdict.status === 'unknown' ? undefined : this.verdictError(verdict, address, port, keyBlob, hostLabel)
      })
    } catch (error) {
      return new TransportError('host-key-unknown', `accept-new: cannot record host key in ${file}: ${(error as Error).message}`, hostLabel)
    }
  }
}
