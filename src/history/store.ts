/**
 * The last run of each selection, saved after every `fleet check` so the next run can say
 * what changed, and so `--since last` knows when each host was last checked.
 */
import {mkdir, rm} from 'node:fs/promises'
import path from 'node:path'
import {writeOutputAtomic} from '../report/write-output.js'
import {isUnreachable} from '../report/status.js'
import type {FleetReport} from '../report/types.js'
import {readStateJson} from './json-file.js'
import {runFile} from './paths.js'
import {HistoryError, validateRun} from './schema.js'

export interface StoredRun {
  version: 1
  key: string
  savedAt: string
  inventory?: string
  selection?: string
  /** Last time each host was actually checked (unreachable runs do not move it). */
  lastChecked: Record<string, string>
  report: FleetReport
}

export interface HistoryOptions {
  stateDir: string
  key: string
  /** Readable part of the file name (selectionLabel); files of older versions, named by key only, are still read. */
  label?: string
}

export interface SaveOptions extends HistoryOptions {
  at?: Date
  inventory?: string
  selection?: string
}

/** Only the current state is stored: diff markers and resolved findings belong to one comparison. */
function stripDiff(report: FleetReport): FleetReport {
  return {
    ...report,
    hosts: report.hosts.map(({previousStatus: _p, ...h}) => ({
      ...h,
      findings: h.findings.filter((f) => f.change !== 'removed').map(({change: _c, previousSeverity: _s, ...f}) => f),
    })),
  }
}

export async function loadLastRun(key: string, options: {stateDir: string; label?: string}): Promise<StoredRun | null> {
  if (options.label !== undefined) {
    const named = await readRun(runFile(options.stateDir, key, options.label))
    if (named !== null) return named
  }
  // A run saved before files were named after their selection: still this selection's baseline.
  return readRun(runFile(options.stateDir, key))
}

async function readRun(file: string): Promise<StoredRun | null> {
  const read = await readStateJson(file, 'run history')
  if (read === null) return null
  const parsed = read.value
  // The parsed object itself is kept (not a schema's copy): host names like "__proto__" stay own keys.
  validateRun(parsed, file)
  return parsed as StoredRun
}

export async function saveRun(report: FleetReport, options: SaveOptions): Promise<StoredRun> {
  const at = (options.at ?? new Date()).toISOString()
  // A history file that cannot be read is left as it is: the error says so, nothing is overwritten.
  const previous = await loadLastRun(options.key, options)
  // Host names key this object: no prototype, so "__proto__" or "constructor" is a host like any other.
  const lastChecked: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, previous?.lastChecked)
  for (const host of report.hosts) if (!isUnreachable(host)) lastChecked[host.host] = at
  const run: StoredRun = {version: 1, key: options.key, savedAt: at, lastChecked, report: stripDiff(report)}
  if (options.inventory) run.inventory = path.resolve(options.inventory)
  if (options.selection !== undefined) run.selection = options.selection
  const file = runFile(options.stateDir, options.key, options.label)
  // Reports quote log lines and config: keep them private to the user.
  await mkdir(path.dirname(file), {recursive: true, mode: 0o700})
  await writeOutputAtomic(file, `${JSON.stringify(run)}\n`)
  // The file of an older version, named by key only, is now superseded: one file per selection.
  if (options.label !== undefined) await rm(runFile(options.stateDir, options.key), {force: true})
  return run
}

/** When `host` was last checked successfully, for `--since last`; null if never. */
export function lastCheckedAt(run: StoredRun | null, host: string): Date | null {
  if (!run || !Object.hasOwn(run.lastChecked, host)) return null
  const iso = run.lastChecked[host]
  const at = new Date(iso)
  return Number.isNaN(at.getTime()) ? null : at
}
