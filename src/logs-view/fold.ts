/**
 * Folding of events across hosts and time: one line per (source, masked message), with
 * its count, the hosts (as ranges, `web[01-07,09]`), first and last seen and one real sample.
 */
import {foldHosts} from '../report/fold-hosts.js'
import type {Level, LogEvent, LogSource} from './events.js'

export interface FoldedLine {
  source: LogSource
  level?: Level
  /** The masked message. */
  message: string
  count: number
  /** Host names folded into ranges (`web[01-03]`). */
  hosts: string[]
  hostCount: number
  /** ISO 8601, UTC. */
  firstSeen: string
  lastSeen: string
  /** The most recent real line, and where it was written. */
  sample: {host: string; path: string; line: string}
}

interface Group {
  source: LogSource
  level?: Level
  key: string
  count: number
  hosts: Set<string>
  first: number
  last: number
  sample: LogEvent
}

/**
 * Accumulates events (poll after poll with --follow) and folds them. `hostOrder` is the
 * inventory order the host ranges are built in.
 */
export class LogFolder {
  private readonly groups = new Map<string, Group>()
  constructor(private readonly hostOrder: string[]) {}

  /** Adds events; returns the keys of the lines that are new or whose count changed. */
  add(events: LogEvent[]): Set<string> {
    const touched = new Set<string>()
    for (const event of events) {
      const id = `${event.source}\u0000${event.key}`
      let group = this.groups.get(id)
      if (!group) {
        group = {source: event.source, level: event.level, key: event.key, count: 0, hosts: new Set(), first: event.time, last: event.time, sample: event}
        this.groups.set(id, group)
      }
      group.count++
      group.hosts.add(event.host)
      group.first = Math.min(group.first, event.time)
      if (event.time >= group.last) {
        group.last = event.time
        group.sample = event
      }
      touched.add(id)
    }
    return touched
  }

  /** Folded lines, most frequent first (then the most recent); only `ids` when given. */
  lines(ids?: Set<string>): FoldedLine[] {
    const order = new Map(this.hostOrder.map((name, index) => [name, index]))
    const rank = (name: string) => order.get(name) ?? Number.MAX_SAFE_INTEGER
    return [...this.groups.entries()]
      .filter(([id]) => ids === undefined || ids.has(id))
      .map(([, group]) => group)
      .sort((a, b) => b.count - a.count || b.last - a.last || a.key.localeCompare(b.key))
      .map((group) => {
        const hosts = [...group.hosts].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
        return {
          source: group.source,
          ...(group.level ? {level: group.level} : {}),
          message: group.key,
          count: group.count,
          hosts: foldHosts(hosts),
          hostCount: hosts.length,
          firstSeen: new Date(group.first * 1000).toISOString(),
          lastSeen: new Date(group.last * 1000).toISOString(),
          sample: {host: group.sample.host, path: group.sample.path, line: group.sample.raw},
        }
      })
  }
}
