/**
 * The whole `fleet logs`: selection and inputs are checked before any host is contacted;
 * then one poll (or, with follow, a poll every interval until the signal aborts).
 */
import {checkConnectionInputs} from '../cli/inputs.js'
import {createConnectors, type ConnectionSettings} from '../cli/connectors.js'
import {loadSelection, selectedLine, type SelectionFlags} from '../cli/selection.js'
import type {RunnerEvent} from '../runner/run-fleet.js'
import {keepEvent, type EventFilter} from './events.js'
import {LogFolder, type FoldedLine} from './fold.js'
import {NewEvents} from './new-events.js'
import {pollHosts, type HostRead} from './poll.js'
import type {LogsView} from './render.js'

export interface LogsRunOptions {
  selection: SelectionFlags
  connection: ConnectionSettings
  windowSeconds: number
  maxLogBytes: number
  concurrency: number
  connectTimeoutMs: number
  commandTimeoutMs: number
  filter: EventFilter
  /** Seconds between polls; absent: one poll. */
  followSeconds?: number
  signal?: AbortSignal
  onEvent?(event: RunnerEvent): void
  onSelected?(line: string): void
  warn?(message: string): void
  /** With follow: after each poll, the lines that are new or whose count grew (delta: since the last poll). */
  onPoll?(poll: {index: number; hosts: LogsView['hosts']; lines: Array<{line: FoldedLine; delta: number}>}): void
}

function hostsOf(reads: HostRead[]): LogsView['hosts'] {
  return reads.map(({host, ok, error, truncated}) => ({host, ok, ...(error === undefined ? {} : {error}), truncated}))
}

export async function runLogs(options: LogsRunOptions): Promise<LogsView> {
  const {hosts, inventory} = await loadSelection(options.selection)
  await checkConnectionInputs(options.connection)
  options.onSelected?.(selectedLine(options.selection, hosts.length))
  const connectors = createConnectors({...options.connection, inventory})
  const folder = new LogFolder(hosts.map((host) => host.name))
  const fresh = new NewEvents()
  let events = 0
  let last: HostRead[] = []
  const counts = new Map<string, number>()
  const poll = async (windowSeconds: number) => {
    const {reads} = await pollHosts(hosts, {
      connectorFor: connectors.connectorFor,
      concurrency: options.concurrency,
      connectTimeoutMs: options.connectTimeoutMs,
      commandTimeoutMs: options.commandTimeoutMs,
      windowSeconds,
      maxLogBytes: options.maxLogBytes,
      signal: options.signal,
      onEvent: options.onEvent,
    })
    for (const read of reads) if (read.windowStart !== undefined) fresh.floor(read.host, read.windowStart)
    const kept = reads.flatMap((read) => fresh.take(read.events)).filter((event) => keepEvent(event, options.filter))
    events += kept.length
    last = reads
    return {reads, touched: folder.add(kept)}
  }
  try {
    for (const problem of await connectors.preload(hosts)) options.warn?.(problem)
    await poll(options.windowSeconds)
    if (options.followSeconds !== undefined && !options.signal?.aborted) {
      const every = options.followSeconds
      const report = (index: number, reads: HostRead[], touched: Set<string>) => {
        const lines = folder.lines(touched).map((line) => {
          const id = `${line.source}\u0000${line.message}`
          const delta = line.count - (counts.get(id) ?? 0)
          counts.set(id, line.count)
          return {line, delta}
        })
        options.onPoll?.({index, hosts: hostsOf(reads), lines})
      }
      report(1, last, new Set(folder.lines().map((line) => `${line.source}\u0000${line.message}`)))
      for (let index = 2; !options.signal?.aborted; index++) {
        await sleep(every * 1000, options.signal)
        if (options.signal?.aborted) break
        // The window reaches back past the previous poll (a late poll loses nothing); NewEvents drops the
        // overlap and anything older than the first poll's --since window.
        const {reads, touched} = await poll(every * 3 + 30)
        if (options.signal?.aborted) break
        report(index, reads, touched)
      }
    }
  } finally {
    await connectors.close()
  }
  const lines = folder.lines()
  return {
    version: 1,
    windowSeconds: options.windowSeconds,
    hosts: hostsOf(last),
    lines,
    summary: {lines: lines.length, events, hosts: hosts.length, unreadable: last.filter((read) => !read.ok).length},
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal?.addEventListener('abort', done, {once: true})
  })
}
