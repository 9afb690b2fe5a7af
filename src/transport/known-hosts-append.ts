import {mkdir, open} from 'node:fs/promises'
import {dirname} from 'node:path'
import {knownHostsName} from './host-pattern.js'

/**
 * accept-new: record a host key the way OpenSSH writes it (`name keytype base64`,
 * `[host]:port` off port 22). One write(2) on an O_APPEND descriptor, so lines
 * written by concurrent connections never interleave. Creates the directory
 * 0700 and the file 0600, as ~/.ssh expects. Returns the new entry's line number.
 */
export async function appendKnownHost(
  file: string,
  host: string,
  port: number,
  keyType: string,
  keyBase64: string,
): Promise<number> {
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

