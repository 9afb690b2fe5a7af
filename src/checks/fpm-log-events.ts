import type {FpmPool} from '../fpm/types.js'
import {classifyFpm, type FpmClassification} from '../logs/classify-fpm.js'
import type {FpmLogEntry} from '../logs/index.js'
import type {FpmInstall, HostFacts} from '../probe/facts.js'
import {windowedLogs, type Located} from './windowed-logs.js'

/** One classified FPM log line inside the window. */
export interface FpmEvent {
  entry: Located<FpmLogEntry>
  event: FpmClassification
}

const cache = new WeakMap<HostFacts, FpmEvent[]>()

/** Every FPM log line in the window that classifyFpm recognizes, classified once per host. */
export function fpmEvents(facts: HostFacts): FpmEvent[] {
  let events = cache.get(facts)
  if (!events) {
    const earlierByPath = new Map<string, FpmLogEntry[]>()
    events = []
    for (const entry of windowedLogs(facts).fpm) {
      // Older FPM logs the script of a timed-out child on an earlier line of the same file;
      // the live array is passed (no copy) and only read back in that rare case.
      const earlier = earlierByPath.get(entry.path) ?? []
      const event = classifyFpm(entry, earlier)
      if (event) events.push({entry, event})
      earlier.push(entry)
      earlierByPath.set(entry.path, earlier)
    }
    cache.set(facts, events)
  }
  return events
}

export function fpmEventsOf(facts: HostFacts, kind: string): FpmEvent[] {
  return fpmEvents(facts).filter(({event}) => event.class === kind)
}

/** Pool name for grouping; lines without `[pool NAME]` are the master's own. */
export function poolOf(event: FpmEvent): string {
  return event.event.pool ?? event.entry.pool ?? '(no pool named)'
}

export interface PoolRef {
  install: FpmInstall
  pool: FpmPool
}

/**
 * The pool config behind a log line, by name. With several FPM versions on one host a
 * name can repeat: prefer the install whose log file the line came from.
 */
export function findPool(facts: HostFacts, name: string, logPath?: string): PoolRef | undefined {
  const matches: PoolRef[] = []
  for (const install of facts.fpm) for (const pool of install.config?.pools ?? []) if (pool.name === name) matches.push({install, pool})
  if (matches.length <= 1 || !logPath) return matches[0]
  return matches.find(({install}) => logPath.includes(install.version)) ?? matches[0]
}

/** `pm.max_children = 2 (FILE:LINE)`: a pool setting with where it came from, for messages and evidence. */
export function describeSetting(pool: FpmPool | undefined, key: string): string | null {
  if (!pool) return null
  const value = pool.settings[key]
  if (value === undefined) return null
  const where = pool.where[key]
  return `${key} = ${value}${where ? ` (${where})` : ''}`
}

/** The evidence line for a log entry: the raw line as written. */
export function fpmLine(event: FpmEvent): string {
  return event.entry.raw
}
