import {mkdir, open, readFile, stat, unlink} from 'node:fs/promises'
import {dirname, resolve} from 'node:path'
import {addressProblem, knownHostsName} from './host-pattern.js'
import {pidAlive} from './pid-alive.js'

/**
 * accept-new: record a host key the way OpenSSH writes it (`name keytype base64`,
 * `[host]:port` off port 22). One write(2) on an O_APPEND descriptor, so lines
 * written by concurrent connections never interleave. Creates the directory
 * 0700 and the file 0600, as ~/.ssh expects. Returns the new entry's line number.
 * Refuses an address that is not a host name or IP literal: it would be written
 * as a pattern (`*`, a comma list) trusting the key for other hosts too.
 */
export async function appendKnownHost(
  file: string,
  host: string,
  port: number,
  keyType: string,
  keyBase64: string,
): Promise<number> {
  const problem = addressProblem(host)
  if (problem) throw new Error(`refusing to record a key for ${JSON.stringify(host)}: ${problem}`)
  if (!/^[a-z0-9@.-]+$/i.test(keyType) || !/^[A-Za-z0-9+/]+={0,2}$/.test(keyBase64)) {
    throw new Error(`refusing to record a malformed ${JSON.stringify(keyType)} key`)
  }
  await mkdir(dirname(file), {recursive: true, mode: 0o700})
  const line = `${knownHostsName(host, port)} ${keyType} ${keyBase64}\n`
  const handle = await open(file, 'a+', 0o600)
  try {
    const before = await handle.readFile()
    // A hand-edited file may lack its final newline; never glue our entry onto its last line.
    const prefix = before.length > 0 && before[before.length - 1] !== 0x0a ? '\n' : ''
    await handle.write(prefix + line)
    let lines = 0
    for (const byte of before) if (byte === 0x0a) lines++
    // The 1-based line number of the new entry, for later messages that point at it.
    return lines + (prefix ? 1 : 0) + 1
  } finally {
    await handle.close()
  }
}

/** In this process, one check-and-record at a time per known_hosts file. */
const chains = new Map<string, Promise<unknown>>()

const LOCK_WAIT_MS = 10_000
const LOCK_POLL_MS = 25

/**
 * `FILE.lock`, created with O_EXCL, holding our pid: other fleet processes recording into
 * the same file wait for it. A lock whose pid is gone (a crashed run) is taken over.
 */
async function acquireLock(file: string): Promise<string> {
  const lock = `${file}.lock`
  await mkdir(dirname(file), {recursive: true, mode: 0o700})
  const giveUp = Date.now() + LOCK_WAIT_MS
  for (;;) {
    try {
      const handle = await open(lock, 'wx', 0o600)
      try {
        await handle.write(`${process.pid}\n`)
      } finally {
        await handle.close()
      }
      return lock
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    const seen = await stat(lock).catch(() => undefined)
    const owner = await readFile(lock, 'utf8').catch(() => '')
    const pid = /^\d+\n$/.test(owner) ? Number(owner) : undefined
    // Written and closed in one go by its creator: an empty file is one being created right now.
    if (seen && pid !== undefined && pid !== process.pid && !pidAlive(pid)) {
      // Only the very lock judged stale: another process may have taken it over in between.
      const now = await stat(lock).catch(() => undefined)
      if (now && now.ino === seen.ino && now.dev === seen.dev) await unlink(lock).catch(() => undefined)
      continue
    }
    if (Date.now() > giveUp) {
      throw new Error(`${lock} is held${pid ? ` by pid ${pid}` : ''}; remove it if no fleet run is recording host keys`)
    }
    await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS))
  }
}

/**
 * Runs `body` holding the lock of `file`: serialised within this process, and against
 * other processes by `FILE.lock`. `body` re-reads the file, so what it decides is what
 * is on disk, not what was read at the start of the run.
 */
export async function withKnownHostsLock<T>(file: string, body: () => Promise<T>): Promise<T> {
  // One queue per file, however its path was spelled.
  const id = resolve(file)
  const previous = chains.get(id) ?? Promise.resolve()
  const run = previous.then(async () => {
    const lock = await acquireLock(file)
    try {
      return await body()
    } finally {
      await unlink(lock).catch(() => undefined)
    }
  })
  const tail = run.catch(() => undefined)
  chains.set(id, tail)
  void tail.then(() => {
    if (chains.get(id) === tail) chains.delete(id)
  })
  return run
}
