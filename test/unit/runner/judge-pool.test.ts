// JudgePool from the build (a worker thread loads compiled JavaScript, not the TypeScript
// vitest runs), with small judge modules written for the test.
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'

import {afterAll, describe, expect, it} from 'vitest'

import {defaultJudgeThreads} from '../../../src/runner/judge-pool.js'
import type {JudgePool as JudgePoolType} from '../../../src/runner/judge-pool.js'
import type {ProbeOutput} from '../../../src/runner/run-host.js'
import type {HostSpec} from '../../../src/inventory/types.js'
import {probeOutput} from '../../hostile/support/hostile-ssh.js'

const BUILT = new URL('../../../dist/src/runner/judge-pool.js', import.meta.url)
const built = existsSync(BUILT)
const dir = mkdtempSync(join(tmpdir(), 'fleet-judge-pool-'))
afterAll(() => rmSync(dir, {recursive: true, force: true}))

function judgeModule(name: string, body: string): string {
  const file = join(dir, `${name}.mjs`)
  writeFileSync(file, body)
  return pathToFileURL(file).href
}

const host = (name: string): HostSpec => ({name, address: '127.0.0.1', port: 22, identityFiles: [], sudo: false, connection: 'ssh', groups: [], vars: {}})

function output(text: string): ProbeOutput {
  const bytes = Buffer.from(text)
  const owned = new Uint8Array(new ArrayBuffer(bytes.length))
  owned.set(bytes)
  return {ok: true, output: owned, nonce: 'n0nce', maxLogBytes: 262_144, durationMs: 5}
}

describe('defaultJudgeThreads', () => {
  it('none below 200 hosts or on one CPU; one per spare CPU, at most 4', () => {
    expect(defaultJudgeThreads(199, 8)).toBe(0)
    expect(defaultJudgeThreads(200, 1)).toBe(0)
    expect(defaultJudgeThreads(200, 2)).toBe(1)
    expect(defaultJudgeThreads(1000, 64)).toBe(4)
  })
})

describe.skipIf(!built)('JudgePool (built)', async () => {
  const {JudgePool} = (built ? await import(BUILT.href) : {}) as {JudgePool: typeof JudgePoolType}

  it('parses and judges on threads, not the main one; the bytes move (no copy left behind)', async () => {
    const module = judgeModule(
      'where',
      `import {isMainThread, threadId} from 'node:worker_threads'
       export function judge(host, result) { return {host: host.name, isMainThread, threadId, hostname: result.facts.system.hostname, nginx: result.facts.nginx.installed} }`,
    )
    const pool = new JudgePool<{host: string; isMainThread: boolean; threadId: number; hostname: string; nginx: boolean}>(module, 2)
    try {
      const jobs = ['a', 'b', 'c', 'd'].map((name) => ({name, probe: output(probeOutput('healthy', 'n0nce'))}))
      const results = await Promise.all(jobs.map((job) => pool.judge(host(job.name), job.probe)))
      expect(results.map((result) => result.host)).toEqual(['a', 'b', 'c', 'd'])
      expect(results.every((result) => !result.isMainThread && result.nginx && result.hostname !== '')).toBe(true)
      expect(new Set(results.map((result) => result.threadId)).size).toBe(2)
      expect(jobs[0].probe.output.byteLength).toBe(0)
    } finally {
      await pool.close()
    }
  })

  it('a judge that throws fails that host only; a thread that dies fails what it held, and the others go on', async () => {
    const module = judgeModule(
      'moody',
      `export function judge(host) {
         if (host.name === 'throws') throw new Error('bad facts')
         if (host.name === 'dies') process.exit(7)
         return host.name
       }`,
    )
    const pool = new JudgePool<string>(module, 2)
    try {
      const probe = () => output(probeOutput('healthy', 'n0nce'))
      await expect(pool.judge(host('throws'), probe())).rejects.toThrow(/^Error: bad facts$/)
      await expect(pool.judge(host('ok'), probe())).resolves.toBe('ok')
      await expect(pool.judge(host('dies'), probe())).rejects.toThrow(/a judging thread exited \(code 7\)/)
      expect(pool.size).toBe(1)
      await expect(pool.judge(host('after'), probe())).resolves.toBe('after')
    } finally {
      await pool.close()
    }
  })
})
