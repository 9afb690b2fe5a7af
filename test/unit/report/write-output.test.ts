import {spawnSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {writeOutputAtomic} from '../../../src/report/write-output.js'

const dirs: string[] = []
const mounts: string[] = []
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'fleet-write-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const m of mounts.splice(0)) spawnSync('umount', [m])
  for (const d of dirs.splice(0)) rmSync(d, {recursive: true, force: true})
})

// A tiny tmpfs makes a write fail for real (ENOSPC) halfway through the content.
function smallFilesystem(): string | null {
  if (process.getuid?.() !== 0) return null
  const dir = tempDir()
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir])
  if (r.status !== 0) return null
  mounts.push(dir)
  return dir
}
const canMount = (() => {
  const dir = smallFilesystem()
  if (dir) {
    spawnSync('umount', [dir])
    mounts.pop()
  }
  return dir !== null
})()

describe('writeOutputAtomic', () => {
  it('writes a new file and replaces an old one, keeping its mode', async () => {
    const dir = tempDir()
    const file = path.join(dir, 'fleet.prom')
    await writeOutputAtomic(file, 'first\n')
    expect(readFileSync(file, 'utf8')).toBe('first\n')
    chmodSync(file, 0o640)
    await writeOutputAtomic(file, 'second\n')
    expect(readFileSync(file, 'utf8')).toBe('second\n')
    expect(statSync(file).mode & 0o777).toBe(0o640)
    expect(readdirSync(dir)).toEqual(['fleet.prom'])
  })

  it('fails without a partial file when the target is a directory', async () => {
    const dir = tempDir()
    const target = path.join(dir, 'report.json')
    mkdirSync(target)
    writeFileSync(path.join(target, 'keep'), 'old')
    await expect(writeOutputAtomic(target, '{"version":1}')).rejects.toThrow(/cannot write .*report\.json/)
    expect(readdirSync(dir)).toEqual(['report.json'])
    expect(readFileSync(path.join(target, 'keep'), 'utf8')).toBe('old')
  })

  it('fails naming the file when the directory does not exist', async () => {
    const file = path.join(tempDir(), 'missing', 'out.json')
    await expect(writeOutputAtomic(file, 'x')).rejects.toThrow(`cannot write ${file}`)
  })

  it.skipIf(!canMount)('a write that runs out of space mid-way leaves the old file intact and no temp file', async () => {
    const dir = smallFilesystem()
    expect(dir).not.toBeNull()
    const file = path.join(dir as string, 'fleet.html')
    await writeOutputAtomic(file, 'old report\n')
    await expect(writeOutputAtomic(file, 'x'.repeat(512 * 1024))).rejects.toThrow(/cannot write .*fleet\.html: .*ENOSPC|no space/i)
    expect(readFileSync(file, 'utf8')).toBe('old report\n')
    expect(readdirSync(dir as string)).toEqual(['fleet.html'])
  })
})
