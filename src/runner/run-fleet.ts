import pLimit from 'p-limit'

import type {HostSpec} from '../inventory/types.js'
import type {Connector} from '../transport/types.js'
import {TransportError} from '../transport/types.js'
import {firstLine} from '../probe/text.js'
import {JudgePool} from './judge-pool.js'
import {probeHost, type ProbeResult, type ProbeSettings} from './run-host.js'

export type RunnerEvent =
  | {type: 'plan'; total: number}
  | {type: 'start'; host: string}
  | {type: 'done'; host: string; ok: boolean; durationMs: number}

export interface FleetRunOptions<T> extends ProbeSettings {
  concurrency: number
  connectorFor(host: HostSpec): Connector
  /** Per-host log window (e.g. `--since last`); defaults to windowSeconds for every host. */
  windowSecondsFor?(host: HostSpec): number
  signal?: AbortSignal
  onEvent?(event: RunnerEvent): void
  /**
   * Turns one host's probe result into what the caller keeps, as soon as it arrives: the
   * judging overlaps with waiting for slower hosts, and each host's facts (parsed config
   * trees, log tails) can be dropped at once instead of piling up for the whole fleet.
   * What it returns is kept as a structured copy (plain data: objects, arrays, Maps, Dates):
   * a string it keeps that was sliced from the host's probe output would otherwise pin that
   * whole output (50-100 KB a host) until the run ends.
   */
  finish(host: HostSpec, result: ProbeResult): T
  /**
   * Parse and judge answering hosts on this many threads instead of the main one (0 or
   * absent: on the main thread). `module` is the URL of an ES module whose `judge` is
   * the same function as `finish`.
   */
  judgeThreads?: {module: string; threads: number}
}

export interface FleetRun<T> {
  /** In inventory order. */
  results: T[]
  interrupted: boolean
}

/**
 * Probes every host with bounded concurrency. A host that fails or hangs costs only
 * its own deadline; an abort (Ctrl-C) stops starting new hosts and cancels those in flight.
 */
export async function runFleet<T>(hosts: HostSpec[], options: FleetRunOptions<T>): Promise<FleetRun<T>> {
  const concurrency = Math.max(1, options.concurrency)
  // `concurrency` bounds the hosts being talked to. A host frees its place as soon as its
  // output is in, so the next host connects while this one is judged: holding the place
  // through judging made each wave's last hosts wait for the whole wave's judging before
  // anyone new could connect (1,000 hosts: +1-3 s of wall time). Hosts between connecting
  // and judged stay bounded (twice the concurrency), so a judging backlog holds that many
  // hosts' facts at most.
  const connections = pLimit(concurrency)
  const underway = pLimit(2 * concurrency)
  const threads = options.judgeThreads?.threads ?? 0
  // Started before the first connection, so a thread loads the checks while hosts answer.
  const pool = threads > 0 ? new JudgePool<T>(options.judgeThreads!.module, threads) : null
  options.onEvent?.({type: 'plan', total: hosts.length})
  try {
    const results = await Promise.all(
      hosts.map((host) =>
        underway(async () => {
          const result = await connections(async () => {
            if (options.signal?.aborted) return null
            options.onEvent?.({type: 'start', host: host.name})
            const settings = options.windowSecondsFor ? {...options, windowSeconds: options.windowSecondsFor(host)} : options
            const connector = options.connectorFor(host)
            const probed = pool ? await probeHost(host, connector, settings, options.signal, {keep: 'bytes'}) : await probeHost(host, connector, settings, options.signal)
            options.onEvent?.({type: 'done', host: host.name, ok: probed.ok, durationMs: probed.durationMs})
            return probed
          })
          if (result === null) return options.finish(host, aborted(host))
          try {
            // Output kept as bytes (only with a pool) is judged there; the copy a thread sends back is
            // already structured, so nothing of the output is pinned.
            if ('output' in result) return await pool!.judge(host, result)
            // Judging is synchronous CPU work: let the I/O of hosts still in flight be read before it (see deadline.ts).
            await new Promise((resolve) => setImmediate(resolve))
            return structuredClone(options.finish(host, result))
          } catch (error) {
            // Output that breaks the judging (a parser bug it found) fails that host, not the run.
            const message = `its output could not be judged: ${firstLine(error instanceof Error ? error.message : String(error)).slice(0, 300)}`
            return structuredClone(options.finish(host, {ok: false, error: new TransportError('protocol', message, host.name), durationMs: result.durationMs}))
          }
        }),
      ),
    )
    return {results, interrupted: options.signal?.aborted ?? false}
  } finally {
    await pool?.close()
  }
}

function aborted(host: HostSpec): ProbeResult {
  return {ok: false, error: new TransportError('aborted', 'not checked: the run was interrupted', host.name), durationMs: 0}
}
