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
    return {file, key}
  }
}
