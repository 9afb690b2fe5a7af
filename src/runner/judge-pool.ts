import {availableParallelism} from 'node:os'
import {Worker} from 'node:worker_threads'

import type {HostSpec} from '../inventory/types.js'
import type {ProbeOutput} from './run-host.js'

/** Below this many hosts a thread's start (a Node isolate with its own copy of the checks: ~0.1 s CPU) costs more than it saves. */
export const JUDGE_THREADS_FROM_HOSTS = 200
const MOST_JUDGE_THREADS = 4
/**
 * A judging thread's garbage is one host's parse at a time, dead within the job: a small
 * young generation keeps the thread's share of peak RSS down (1,000 hosts, alternating runs:
 * 196-222 MB against 218-243 MB with V8's default) at the same CPU (bench/RESULTS.md).
 */
const YOUNG_GENERATION_MB = 8

/** Judging threads for a run of `hosts` hosts when the user did not say: one per spare CPU, from 200 hosts. */
export function defaultJudgeThreads(hosts: number, cpus = availableParallelism()): number {
  return hosts < JUDGE_THREADS_FROM_HOSTS ? 0 : Math.max(0, Math.min(MOST_JUDGE_THREADS, cpus - 1))
}

interface Pending<T> {
  resolve(value: T): void
  reject(error: Error): void
}

interface Thread<T> {
  worker: Worker
  pending: Map<number, Pending<T>>
}

/**
 * Threads that parse and judge hosts' probe outputs, so the main thread's event loop
 * is free for SSH: reading the next wave's outputs and meeting their deadlines never
 * waits behind judging (1,000 hosts: about 1.2 s of parse and judge CPU). `module` is
 * the URL of an ES module whose `judge(host, result)` returns plain data (it crosses
 * threads as a structured copy). Each job goes to the thread with the fewest waiting.
 */
export class JudgePool<T> {
  private readonly threads: Thread<T>[] = []
  private nextId = 0

  constructor(module: string, size: number) {
    const entry = new URL('./judge-worker.js', import.meta.url)
    for (let index = 0; index < size; index++) {
      const thread: Thread<T> = {worker: new Worker(entry, {workerData: {module}, resourceLimits: {maxYoungGenerationSizeMb: YOUNG_GENERATION_MB}}), pending: new Map()}
      thread.worker.on('message', ({id, value, error}: {id: number; value?: T; error?: string}) => {
        const job = thread.pending.get(id)
        thread.pending.delete(id)
        if (error !== undefined) job?.reject(new Error(error))
        else job?.resolve(value as T)
      })
      // A thread that dies takes its waiting jobs with it: each is an error, as a throw on the main thread would be.
      const fail = (error: Error) => {
        for (const job of thread.pending.values()) job.reject(error)
        thread.pending.clear()
        const at = this.threads.indexOf(thread)
        if (at >= 0) this.threads.splice(at, 1)
      }
      thread.worker.on('error', fail)
      thread.worker.on('exit', (code) => fail(new Error(`a judging thread exited (code ${code})`)))
      this.threads.push(thread)
    }
  }

  get size(): number {
    return this.threads.length
  }

  /** Parses and judges one host's output on the least busy thread; its bytes move there (no copy). */
  judge(host: HostSpec, probe: ProbeOutput): Promise<T> {
    const thread = this.threads.reduce<Thread<T> | undefined>((best, candidate) => (!best || candidate.pending.size < best.pending.size ? candidate : best), undefined)
    if (!thread) return Promise.reject(new Error('no judging thread is left'))
    const id = this.nextId++
    return new Promise<T>((resolve, reject) => {
      thread.pending.set(id, {resolve, reject})
      thread.worker.postMessage({id, host, probe}, [probe.output.buffer as ArrayBuffer])
    })
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.splice(0).map((thread) => thread.worker.terminate()))
  }
}
