/**
 * Everything named on the command line that can be wrong is checked before any host is
 * contacted: the output path, the known_hosts files, the identity files. A mistake is refused
 * (exit 64) with what was wrong, instead of a fleet of `host-key-unknown` or `auth` rows,
 * or a report thrown away after every host was checked.
 */
import {constants} from 'node:fs'
import {access, stat} from 'node:fs/promises'
import path from 'node:path'

import {UsageError} from './errors.js'

async function statOrNull(file: string) {
  try {
    return await stat(file)
  } catch {
    return null
  }
}

async function writableDir(dir: string): Promise<string | undefined> {
  const st = await statOrNull(dir)
  if (!st) return `directory ${dir} does not exist`
  if (!st.isDirectory()) return `${dir} is not a directory`
  try {
    await access(dir, constants.W_OK | constants.X_OK)
  } catch {
    return `directory ${dir} is not writable`
  }
  return undefined
}

/** `-o FILE`: its directory exists and is writable, and FILE is not a directory. */
export async function checkOutputPath(file: string): Promise<void> {
  const st = await statOrNull(file)
  if (st?.isDirectory()) throw new UsageError(`--output ${file}: is a directory; name a file`)
  const problem = await writableDir(path.dirname(path.resolve(file)))
  if (problem) throw new UsageError(`--output ${file}: ${problem}; nothing was contacted`)
}

/**
 * `--known-hosts FILE`: each file exists and is readable. With `--accept-new` the first one
 * (where new keys are recorded) may be missing: it is created, so only its directory must be writable.
 */
export async function checkKnownHostsFiles(files: string[], acceptNew: boolean): Promise<void> {
  for (const [i, file] of files.entries()) {
    const st = await statOrNull(file)
    if (!st) {
      if (acceptNew && i === 0) {
        const problem = await writableDir(path.dirname(path.resolve(file)))
        if (problem) throw new UsageError(`--known-hosts ${file}: does not exist and cannot be created (${problem})`)
        continue
      }
      const hint = acceptNew ? '' : ' (pass --accept-new to create it and record the keys of new hosts)'
      throw new UsageError(`--known-hosts ${file}: no such file${hint}; nothing was contacted`)
    }
    if (!st.isFile()) throw new UsageError(`--known-hosts ${file}: not a regular file`)
    try {
      await access(file, constants.R_OK)
    } catch {
      throw new UsageError(`--known-hosts ${file}: not readable`)
    }
  }
}

/** `--identity FILE`: each key exists and is a readable file. */
export async function checkIdentityFiles(files: string[]): Promise<void> {
  for (const file of files) {
    const st = await statOrNull(file)
    if (!st) throw new UsageError(`--identity ${file}: no such file; nothing was contacted`)
    if (!st.isFile()) throw new UsageError(`--identity ${file}: not a regular file`)
    try {
      await access(file, constants.R_OK)
    } catch {
      throw new UsageError(`--identity ${file}: not readable`)
    }
  }
}

/** The known_hosts and identity files named on the command line, before any connection. */
export async function checkConnectionInputs(connection: {knownHosts?: string[]; acceptNew: boolean; identity?: string[]}): Promise<void> {
  await checkKnownHostsFiles(connection.knownHosts ?? [], connection.acceptNew)
  await checkIdentityFiles(connection.identity ?? [])
}
