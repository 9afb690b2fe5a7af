import {createPrivateKey, sign as cryptoSign, type KeyObject} from 'node:crypto'
import {readFile} from 'node:fs/promises'
import ssh2 from 'ssh2'
import type {ParsedKey} from 'ssh2'

/** A usable private key, or why a configured identity file cannot be used (never the passphrase). */
export type LoadedKey = {file: string; key: ParsedKey} | {file: string; problem: string}

export type PassphraseSource = (keyFile: string) => Promise<string | undefined>

const NEEDS_PASSPHRASE = /no passphrase given/i

/**
 * Reads and parses each identity file once per run, whatever the number of
 * hosts, and asks for a passphrase at most once per encrypted file.
 */
export class KeyStore {
  private readonly keys = new Map<string, Promise<LoadedKey>>()

  constructor(private readonly passphrase?: PassphraseSource) {}

  get(file: string): Promise<LoadedKey> {
    let loaded = this.keys.get(file)
    if (!loaded) {
      loaded = this.load(file)
      this.keys.set(file, loaded)
    }
    return loaded
  }

  private async load(file: string): Promise<LoadedKey> {
    let data: Buffer
    try {
      data = await readFile(file)
    } catch (error) {
      return {file, problem: `cannot read identity file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`}
    }
    let parsed = ssh2.utils.parseKey(data)
    if (parsed instanceof Error && NEEDS_PASSPHRASE.test(parsed.message)) {
      let passphrase: string | undefined
      try {
        passphrase = await this.passphrase?.(file)
      } catch (error) {
        return {file, problem: `encrypted, and reading its passphrase failed: ${(error as Error).message}`}
      }
      if (passphrase === undefined) return {file, problem: 'encrypted, and no passphrase was supplied'}
      parsed = ssh2.utils.parseKey(data, passphrase)
      if (parsed instanceof Error) return {file, problem: 'wrong passphrase (the key could not be decrypted)'}
    }
    if (parsed instanceof Error) return {file, problem: `not a usable private key: ${parsed.message}`}
    const key = Array.isArray(parsed) ? parsed[0] : parsed
    if (!key || !key.isPrivateKey()) return {file, problem: 'not a private key'}
    return {file, key: signingOnce(key)}
  }
}

/** Private keys turned into a crypto KeyObject (one per identity file a run uses), and signatures made with them. */
export const keyObjectsMade = {count: 0, signatures: 0}

/**
 * ssh2's `ParsedKey.sign` hands its PEM text to `crypto.sign` on every call, so Node
 * decodes and imports the private key again for every host's login. The key returned
 * here signs with one KeyObject made the first time it is needed; everything else
 * (public blob, type, ssh2's own checks) is the parsed key's, through the prototype.
 */
export function signingOnce(key: ParsedKey): ParsedKey {
  let keyObject: KeyObject | undefined
  const fallback = key.sign.bind(key)
  const fast = Object.create(key) as ParsedKey
  // ssh2's sign returns an Error instead of throwing; its typings say Buffer.
  fast.sign = ((data: Buffer | string, algo?: string): Buffer | Error => {
    try {
      if (!keyObject) {
        keyObject = createPrivateKey(key.getPrivatePEM())
        keyObjectsMade.count++
      }
      // ssh2 passes no algorithm for ed25519 (and its own default otherwise): the same here.
      const signature = cryptoSign(algo || defaultHash(key.type), typeof data === 'string' ? Buffer.from(data) : data, keyObject)
      keyObjectsMade.signatures++
      return signature
    } catch {
      // Whatever Node cannot do with the KeyObject, ssh2's own path reports as it always did.
      return fallback(data, algo)
    }
  }) as ParsedKey['sign']
  return fast
}

/** ssh2's default hash per key type (keyParser.js): none for ed25519, sha1 for ssh-rsa/dss, the curve's for ECDSA. */
function defaultHash(type: string): string | null {
  switch (type) {
    case 'ssh-ed25519':
      return null
    case 'ecdsa-sha2-nistp256':
      return 'sha256'
    case 'ecdsa-sha2-nistp384':
      return 'sha384'
    case 'ecdsa-sha2-nistp521':
      return 'sha512'
    default:
      return 'sha1'
  }
}
