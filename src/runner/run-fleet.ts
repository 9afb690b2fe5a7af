import pLimit from 'p-limit'

import type {HostSpec} from '../inventory/types.js'
import type {Connector} from '../transport/types.js'
import {TransportError} from '../transport/types.js'
import {probeHost, type ProbeResult, type ProbeSettings} from './run-host.js'

export type RunnerEvent =
  | {type: 'plan'; total: number}
  | {type: 'start'; host: string}
  | {type: 'done'; host: string; ok: boolean; durationMs: number}

export interface FleetRunOptions extends ProbeSettings {
  concurrency: number
  connectorFor(host: HostSpec): Connector
  /** Per-host log window (e.g. `--since last`); defaults to windowSeconds for every host. */
  windowSecondsFor?(host: HostSpec): number
  signal?: AbortSignal
  onEvent?(event: RunnerEvent): void
}

export interface FleetRun {
  results: Array<{host: HostSpec; result: ProbeResult}>
  interrupted: boolean
}

/**
 * Probes every host with bounded concurrency. A host that fails or hangs costs only
 * its own deadline; an abort (Ctrl-C) stops starting new hosts and cancels those in flight.
 */
export async function runFleet(hosts: HostSpec[], options: FleetRunOptions): Promise<FleetRun> {
  const limit = pLimit(Math.max(1, options.concurrency))
  options.onEvent?.({type: 'plan', total: hosts.length})
  const results = await Promise.all(
    hosts.map((host) =>
      limit(async () => {
        if (options.signal?.aborted) {
          return {host, result: aborted(host)}
        }
        options.onEvent?.({type: 'start', host: host.name})
        const settings = options.windowSecondsFor ? {...options, windowSeconds: options.windowSecondsFor(host)} : options
        const result = await probeHost(host, options.connectorFor(host), settings, options.signal)
        options.onEvent?.({type: 'done', host: host.name, ok: result.ok, durationMs: result.durationMs})
        return {host, result}
      }),
    ),
  )
  return {results, interrupted: options.signal?.aborted ?? false}
}

function aborted(host: HostSpec): ProbeResult {
  return {ok: false, error: new TransportError('aborted', 'not checked: the run was interrupted', host.name), durationMs: 0}
}
