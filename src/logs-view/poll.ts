/**
 * One poll of the selected hosts: the existing probe, one round trip per host, bounded by
 * the per-log byte cap; each host's log frames become events at once (the parsed config is
 * dropped with the facts).
 */
import type {HostSpec} from '../inventory/types.js'
import type {Connector} from '../transport/types.js'
import {runFleet, type RunnerEvent} from '../runner/run-fleet.js'
import {hostEvents, type LogEvent} from './events.js'

export interface HostRead {
  host: string
  ok: boolean
  /** Why the host could not be read. */
  error?: string
  /** Logs whose read hit the byte cap: older lines of the window may be missing. */
  truncated: string[]
  /** Start of the window the host applied, epoch seconds on its clock (absent when not read). */
  windowStart?: number
  events: LogEvent[]
}

export interface PollOptions {
  connectorFor(host: HostSpec): Connector
  concurrency: number
  connectTimeoutMs: number
  commandTimeoutMs: number
  windowSeconds: number
  maxLogBytes: number
  signal?: AbortSignal
  onEvent?(event: RunnerEvent): void
}

export async function pollHosts(hosts: HostSpec[], options: PollOptions): Promise<{reads: HostRead[]; interrupted: boolean}> {
  const run = await runFleet(hosts, {
    ...options,
    finish: (host, result): HostRead => {
      if (!result.ok) return {host: host.name, ok: false, error: result.error.message, truncated: [], events: []}
      const {logs} = result.facts
      const tails = [...logs.nginxError, ...logs.fpm, ...(logs.kernel ? [logs.kernel] : [])]
      return {host: host.name, ok: true, windowStart: result.facts.system.now - result.facts.windowSeconds, truncated: tails.filter((tail) => tail.truncated).map((tail) => tail.path), events: hostEvents(host.name, result.facts)}
    },
  })
  return {reads: run.results, interrupted: run.interrupted}
}
