/**
 * Reports written with -o are read by cron jobs, node_exporter and CI while fleet runs:
 * a reader must see the old file or the new one, never half of one.
 */
import {randomBytes} from 'node:crypto'
import {constants, promises as fs} from 'node:fs'
import path from 'node:path'

async function fsyncDir(dir: string): Promise<void> {
  // Makes the rename itself durable; some filesystems refuse fsync on a directory, which is fine.
  try {
    const handle = await fs.open(dir, constants.O_RDONLY)
    try {
      await handle.sync()
    } finally {
      await handle.close()
    }
  } catch {
    /* best effort */
  }
}

async function existingMode(file: string): Promise<number | null> {
  try {
    const st = await fs.stat(file)
    return st.isFile() ? st.mode & 0o7777 : null
  } catch {
    return null
  }
}

/** Temp file in the same directory (same filesystem, so rename is atomic), fsync, rename. */
export async function writeOutputAtomic(file: string, content: string | Uint8Array): Promise<void> {
  const target = path.resolve(file)
  const dir = path.dirname(target)
  const temp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`)
  const mode = await existingMode(target)
  let handle: fs.FileHandle | undefined
  try {
    handle = await fs.open(temp, 'wx', 0o666)
    await handle.writeFile(content)
    // Keep the permissions of the file being replaced (a world-readable textfile, say).
    if (mode !== null) await handle.chmod(mode)
    await handle.sync()
    await handle.close()
    handle = undefined
    await fs.rename(temp, target)
  } catch (error) {
    await handle?.close().catch(() => undefined)
    await fs.rm(temp, {force: true}).catch(() => undefined)
    const reason = error instanceof Error ? error.message : String(error)
    throw new Error(`cannot write ${file}: ${reason}`, {cause: error})
  }
  await fsyncDir(dir)
}
