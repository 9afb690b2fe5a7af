/**
 * When each finding of a host first appeared and when it went away, across the recorded runs
 * of one selection. The run file keeps only the last run; this file (`timelines/NAME.json`, named
 * as the run file is) keeps, per host, one entry per finding identity (diff.ts's findingIdentity):
 * open entries for findings still present, and the last few resolved ones.
 * Read only when the run reads history; written when it records the run.
 */
import {mkdir} from 'node:fs/promises'
import path from 'node:path'
import {isUnreachable} from '../report/status.js'
import type {FleetReport} from '../report/types.js'
import {writeOutputAtomic} from '../report/write-output.js'
import {findingIdentity} from './diff.js'
import {readStateJson} from './json-file.js'
import {runFile} from './paths.js'
import {HistoryError, isInstant} from './schema.js'

export interface TimelineEntry {
  id: string
  check: string
  severity: 'info' | 'warning' | 'critical'
  message: string
  firstSeen: string
  lastSeen: string
  /** The first run that no longer had it; null while it is present. */
  resolvedAt: string | null
}

export interface Timeline {
  version: 1
  /** Every recorded run, oldest first (at most MAX_RUNS). */
  runs: string[]
  hosts: Record<string, TimelineEntry[]>
}

/** Resolved entries kept per host, and run instants kept: the file stays small. */
export const MAX_RESOLVED = 20
export const MAX_RUNS = 50

/** `timelines/LABEL.KEY.json`: the run file's name, in its own directory (runs/ keeps one file per selection). */
export function timelineFile(stateDir: string, key: string, label?: string): string {
  return path.join(stateDir, 'timelines', path.basename(runFile(stateDir, key, label)))
}

const SEVERITIES = new Set(['info', 'warning', 'critical'])

function validEntry(e: unknown): e is TimelineEntry {
  if (e === null || typeof e !== 'object') return false
  const x = e as Record<string, unknown>
  return (
    typeof x.id === 'string' &&
    typeof x.check === 'string' &&
    typeof x.message === 'string' &&
    SEVERITIES.has(x.severity as string) &&
    isInstant(x.firstSeen) &&
    isInstant(x.lastSeen) &&
    (x.resolvedAt === null || isInstant(x.resolvedAt))
  )
}

/** Throws a HistoryError naming the file when it does not have the timeline's shape. */
export function parseTimeline(data: unknown, file: string): Timeline {
  const fail = (what: string): never => {
    throw new HistoryError(`run timeline ${file}: ${what}; move it away (or delete it) to start over`)
  }
  if (data === null || typeof data !== 'object') return fail('expected an object')
  const t = data as Record<string, unknown>
  if (t.version !== 1) fail(`unknown layout (version ${JSON.stringify(t.version) ?? 'missing'})`)
  if (!Array.isArray(t.runs) || !t.runs.every(isInstant)) fail('runs: expected a list of ISO 8601 date-times')
  if (t.hosts === null || typeof t.hosts !== 'object' || Array.isArray(t.hosts)) fail('hosts: expected a mapping of host names to entries')
  // Host names key this object: no prototype, so "__proto__" is a host like any other.
  const hosts: Record<string, TimelineEntry[]> = Object.create(null) as Record<string, TimelineEntry[]>
  for (const [host, entries] of Object.entries(t.hosts as Record<string, unknown>)) {
    if (!Array.isArray(entries)) fail(`hosts[${JSON.stringify(host)}]: expected a list of entries`)
    const list = entries as unknown[]
    const bad = list.findIndex((e) => !validEntry(e))
    if (bad >= 0) fail(`hosts[${JSON.stringify(host)}][${bad}]: expected {id, check, severity, message, firstSeen, lastSeen, resolvedAt}`)
    hosts[host] = list as TimelineEntry[]
  }
  return {version: 1, runs: t.runs as string[], hosts}
}

export async function loadTimeline(key: string, options: {stateDir: string; label?: string}): Promise<Timeline | null> {
  const file = timelineFile(options.stateDir, key, options.label)
  const read = await readStateJson(file, 'run timeline')
  if (read === null) return null
  const parsed = read.value
  return parseTimeline(parsed, file)
}

/** The timeline after the run `report` made at `at`: pure, the previous timeline is not changed. */
export function advanceTimeline(previous: Timeline | null, report: FleetReport, at: Date): Timeline {
  const now = at.toISOString()
  const hosts: Record<string, TimelineEntry[]> = Object.create(null) as Record<string, TimelineEntry[]>
  for (const [host, entries] of Object.entries(previous?.hosts ?? {})) hosts[host] = entries.map((e) => ({...e}))
  for (const h of report.hosts) {
    // An unreachable host says nothing about its findings: its timeline stays as it was.
    if (isUnreachable(h)) continue
    const entries = hosts[h.host] ?? []
    const open = new Map<string, TimelineEntry[]>()
    for (const e of entries) if (e.resolvedAt === null) open.set(e.id, [...(open.get(e.id) ?? []), e])
    for (const f of h.findings) {
      if (f.change === 'removed') continue
      const id = findingIdentity(f)
      const match = open.get(id)?.shift()
      if (match) Object.assign(match, {lastSeen: now, severity: f.severity, message: f.message})
      else entries.push({id, check: f.check, severity: f.severity, message: f.message, firstSeen: now, lastSeen: now, resolvedAt: null})
    }
    for (const left of open.values()) for (const e of left) e.resolvedAt = now
    const resolved = entries.filter((e) => e.resolvedAt !== null)
    const drop = new Set(resolved.slice(0, Math.max(0, resolved.length - MAX_RESOLVED)))
    hosts[h.host] = entries.filter((e) => !drop.has(e))
  }
  return {version: 1, runs: [...(previous?.runs ?? []), now].slice(-MAX_RUNS), hosts}
}

export async function saveTimeline(timeline: Timeline, options: {stateDir: string; key: string; label?: string}): Promise<void> {
  const file = timelineFile(options.stateDir, options.key, options.label)
  await mkdir(path.dirname(file), {recursive: true, mode: 0o700})
  await writeOutputAtomic(file, `${JSON.stringify(timeline)}\n`)
}
