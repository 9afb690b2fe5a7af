import {readFile} from 'node:fs/promises'
import {knownHostsName, matchHashedHost, matchPatternList} from './host-pattern.js'
import {keyTypeOfBlob} from './key-blob.js'

export {sha256Fingerprint, keyTypeOfBlob} from './key-blob.js'
export {appendKnownHost, withKnownHostsLock} from './known-hosts-append.js'
export {addressProblem, knownHostsName} from './host-pattern.js'

/** One usable line of an OpenSSH known_hosts file (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"). */
export interface KnownHostEntry {
  file: string
  line: number
  marker?: 'revoked'
  /** Plain host patterns (comma list, may hold `!neg`, `*`, `?`, `[host]:port`). */
  patterns?: string[]
  /** Hashed host (`|1|salt|hmac`), set instead of patterns. */
  hashed?: {salt: Buffer; hash: Buffer}
  keyType: string
  keyBase64: string
  key: Buffer
}

export interface KnownHostsProblem {
  file: string
  line: number
  message: string
  /** The line starts with `@revoked`: a key the user meant to revoke is not revoked. */
  revoked?: boolean
}

export interface ParsedKnownHosts {
  entries: KnownHostEntry[]
  /** Lines OpenSSH would also skip; kept so `fleet` can point at FILE:LINE. */
  problems: KnownHostsProblem[]
}

export type HostKeyStatus = 'match' | 'unknown' | 'changed' | 'revoked'

export interface HostKeyAssessment {
  status: HostKeyStatus
  keyType: string
  /** The line that accepted (match) or revoked (revoked) the key. */
  entry?: KnownHostEntry
  /** Known keys of the offered type that differ from it (what 'changed' compares against). */
  sameType: KnownHostEntry[]
  /** Known keys of other types, for the 'unknown' message. */
  otherTypes: KnownHostEntry[]
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/

function parseHosts(field: string): Pick<KnownHostEntry, 'patterns' | 'hashed'> | string {
  if (!field.startsWith('|')) return {patterns: field.split(',').filter(Boolean)}
  const parts = field.split('|')
  // `|1|salt|hash`: split yields ['', '1', salt, hash]; only type 1 (HMAC-SHA1) exists.
  if (parts.length !== 4 || parts[1] !== '1') return `unsupported hashed host "${field}"`
  const salt = Buffer.from(parts[2], 'base64')
  const hash = Buffer.from(parts[3], 'base64')
  if (salt.length !== 20 || hash.length !== 20) return `malformed hashed host "${field}"`
  return {hashed: {salt, hash}}
}

export function parseKnownHosts(text: string, file: string): ParsedKnownHosts {
  const entries: KnownHostEntry[] = []
  const problems: KnownHostsProblem[] = []
  text.split('\n').forEach((raw, index) => {
    const line = index + 1
    const trimmed = raw.trim()
    if (trimmed === '' || trimmed.startsWith('#')) return
    const fields = trimmed.split(/[ \t]+/)
    let marker: string | undefined
    if (fields[0].startsWith('@')) marker = fields.shift()
    // CA lines vouch for certificates, which fleet does not verify: skipped, like a plain client without certs.
    if (marker === '@cert-authority') return
    // `@Revoked`, `@revokd`: the user meant to revoke a key, and OpenSSH skips the line too.
    const revoked = marker !== undefined && /revok/i.test(marker) ? {revoked: true} : {}
    if (marker !== undefined && marker !== '@revoked') {
      problems.push({file, line, message: `unknown marker "${marker}"`, ...revoked})
      return
    }
        const [hostField, keyType, keyBase64] = fields
    if (!hostField || !keyType || !keyBase64 || !BASE64.test(keyBase64)) {
      problems.push({file, line, message: 'expected "[marker] hosts keytype base64-key [comment]"', ...revoked})
      return
    }
    const hosts = parseHosts(hostField)
    if (typeof hosts === 'string') {
      problems.push({file, line, message: hosts, ...revoked})
      return
    }
    const key = Buffer.from(keyBase64, 'base64')
    if (keyTypeOfBlob(key) !== keyType) {
      problems.push({file, line, message: `key data is not a ${keyType} key`, ...revoked})
      return
    }
    entries.push({file, line, ...(marker ? {marker: 'revoked' as const} : {}), ...hosts, keyType, keyBase64, key})
  })
  return {entries, problems}
}

/** Reads every file in order; a missing file is simply empty (as for OpenSSH's defaults). */
export async function loadKnownHosts(files: string[]): Promise<ParsedKnownHosts> {
  const all: ParsedKnownHosts = {entries: [], problems: []}
  for (const file of files) {
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue
      throw new Error(`known_hosts ${file}: ${(error as Error).message}`)
    }
    const parsed = parseKnownHosts(text, file)
    all.entries.push(...parsed.entries)
    all.problems.push(...parsed.problems)
  }
  return all
}

function entryMatches(entry: KnownHostEntry, name: string): boolean {
  if (entry.hashed) return matchHashedHost(name, entry.hashed.salt, entry.hashed.hash)
  return matchPatternList(name, entry.patterns ?? [])
}

/**
 * Lines whose patterns are all literal names are indexed by name; hashed lines and lines
 * with wildcards or negations must be tried one by one (as OpenSSH does). Without the
 * index every host would scan the whole file: quadratic in the fleet size.
 */
interface NameIndex {
  indexed: number
  byName: Map<string, number[]>
  scan: number[]
}

const indexes = new WeakMap<KnownHostEntry[], NameIndex>()

function nameIndex(entries: KnownHostEntry[]): NameIndex {
  let index = indexes.get(entries)
  if (!index) {
    index = {indexed: 0, byName: new Map(), scan: []}
    indexes.set(entries, index)
  }
  // Entries appended since (accept-new records keys during a run) are indexed on the next lookup.
  for (; index.indexed < entries.length; index.indexed += 1) {
    const entry = entries[index.indexed]
    const patterns = entry.patterns ?? []
    if (entry.hashed || patterns.length === 0 || patterns.some((pattern) => /[*?!]/.test(pattern))) {
      index.scan.push(index.indexed)
      continue
    }
    for (const pattern of new Set(patterns.map((p) => p.toLowerCase()))) {
      const list = index.byName.get(pattern) ?? []
      list.push(index.indexed)
      index.byName.set(pattern, list)
    }
  }
  return index
}

/** Every line naming this host (revoked ones included), in file order. */
export function matchingEntries(entries: KnownHostEntry[], host: string, port: number): KnownHostEntry[] {
  const name = knownHostsName(host, port)
  const index = nameIndex(entries)
  const candidates = [...(index.byName.get(name) ?? []), ...index.scan].sort((a, b) => a - b)
  return candidates.map((position) => entries[position]).filter((entry) => entryMatches(entry, name))
}

/** The keys known (and not revoked) for host:port. */
export function lookupHostKeys(entries: KnownHostEntry[], host: string, port: number): KnownHostEntry[] {
  return matchingEntries(entries, host, port).filter((entry) => entry.marker !== 'revoked')
}

export function assessHostKey(
  entries: KnownHostEntry[],
  host: string,
  port: number,
  keyBlob: Buffer,
): HostKeyAssessment {
  const keyType = keyTypeOfBlob(keyBlob) ?? 'unknown'
  const relevant = matchingEntries(entries, host, port)
  // Revocation wins over any line that accepts the same key.
  const revoked = relevant.find((entry) => entry.marker === 'revoked' && entry.key.equals(keyBlob))
  const known = relevant.filter((entry) => entry.marker !== 'revoked')
  const sameType = known.filter((entry) => entry.keyType === keyType && !entry.key.equals(keyBlob))
  const otherTypes = known.filter((entry) => entry.keyType !== keyType)
  if (revoked) return {status: 'revoked', keyType, entry: revoked, sameType, otherTypes}
  const match = known.find((entry) => entry.key.equals(keyBlob))
  if (match) return {status: 'match', keyType, entry: match, sameType, otherTypes}
  return {status: sameType.length > 0 ? 'changed' : 'unknown', keyType, sameType, otherTypes}
}

export function verifyHostKey(entries: KnownHostEntry[], host: string, port: number, keyBlob: Buffer): HostKeyStatus {
  return assessHostKey(entries, host, port, keyBlob).status
}
