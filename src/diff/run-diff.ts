/** The whole `fleet diff A B`: select both hosts as check does, probe them once each, compare. */
import {checkConnectionInputs} from '../cli/inputs.js'
import {createConnectors, type ConnectionSettings} from '../cli/connectors.js'
import {UsageError} from '../cli/errors.js'
import {loadSelection} from '../cli/selection.js'
import {runFleet} from '../runner/run-fleet.js'
import {compareEntries} from './compare.js'
import {configEntries, type ConfigEntries} from './config-entries.js'
import type {DiffResult} from './render.js'

export interface DiffRunOptions {
  inventory: string
  hosts: [string, string]
  connection: ConnectionSettings
  connectTimeoutMs: number
  commandTimeoutMs: number
  signal?: AbortSignal
  warn?(message: string): void
}

/** A host whose configuration could not be read: nothing to compare (exit 2, diff(1)'s trouble). */
export class DiffHostError extends Error {
  readonly exitCode = 2
}

export async function runDiff(options: DiffRunOptions): Promise<DiffResult> {
  const [nameA, nameB] = options.hosts
  if (nameA === nameB) throw new UsageError(`fleet diff compares two hosts: ${nameA} was given twice`)
  const {hosts, inventory} = await loadSelection({inventory: options.inventory, host: [nameA, nameB], local: false})
  await checkConnectionInputs(options.connection)
  const connectors = createConnectors({...options.connection, inventory})
  try {
    for (const problem of await connectors.preload(hosts)) options.warn?.(problem)
    const run = await runFleet(hosts, {
      concurrency: 2,
      connectorFor: connectors.connectorFor,
      connectTimeoutMs: options.connectTimeoutMs,
      commandTimeoutMs: options.commandTimeoutMs,
      // Logs are not compared: the smallest window and tail the probe takes.
      windowSeconds: 1,
      maxLogBytes: 4096,
      signal: options.signal,
      finish: (host, result): {host: string; entries?: ConfigEntries; error?: string} => {
        if (!result.ok) return {host: host.name, error: `${host.name}: ${result.error.message}`}
        if (result.facts.nginx.installed && !result.facts.nginx.config) return {host: host.name, error: `${host.name}: nginx config could not be read (nginx -T failed)`}
        return {host: host.name, entries: configEntries(result.facts)}
      },
    })
    const byName = new Map(run.results.map((result) => [result.host, result]))
    const a = byName.get(nameA)
    const b = byName.get(nameB)
    const failed = [a, b].filter((result) => !result?.entries)
    if (failed.length > 0 || !a?.entries || !b?.entries) throw new DiffHostError(failed.map((result) => result?.error ?? 'interrupted').join('; '))
    const differences = compareEntries(a.entries, b.entries)
    return {version: 1, hosts: [nameA, nameB], equal: differences.length === 0, differences}
  } finally {
    await connectors.close()
  }
}
