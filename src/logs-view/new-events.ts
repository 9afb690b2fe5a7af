/**
 * --follow reads overlapping windows (a poll's window reaches back past the previous
 * poll, so a late or slow poll loses nothing): this keeps, per host and file, only the
 * events not counted by an earlier poll. Lines are ordered in a file, so an event older
 * than the last one counted was counted; at that same second, as many copies of a line
 * as were counted then are skipped again.
 */
import type {LogEvent} from './events.js'

interface Mark {
  time: number
  /** Real lines counted at `time`, with how many copies. */
  atTime: Map<string, number>
}

export class NewEvents {
  private readonly marks = new Map<string, Mark>()
  /** Per host: nothing older than the first poll's window (host clock) is ever new. */
  private readonly floors = new Map<string, number>()

  /** The first poll of `host` read the window starting at `from`; later, longer windows do not reach back past it. */
  floor(host: string, from: number): void {
    if (!this.floors.has(host)) this.floors.set(host, from)
  }

  /** The events of one host's poll that no earlier poll counted. */
  take(events: LogEvent[]): LogEvent[] {
    const fresh: LogEvent[] = []
    const byFile = new Map<string, LogEvent[]>()
    for (const event of events) {
      const id = `${event.host}\u0000${event.source}\u0000${event.path}`
      const list = byFile.get(id) ?? []
      list.push(event)
      byFile.set(id, list)
    }
    for (const [id, list] of byFile) {
      const mark = this.marks.get(id)
      const seen = new Map(mark?.atTime ?? [])
      let last = mark?.time ?? Number.NEGATIVE_INFINITY
      let atLast = new Map(mark?.atTime ?? [])
      for (const event of list) {
        if (event.time < (this.floors.get(event.host) ?? Number.NEGATIVE_INFINITY)) continue
        if (mark && event.time < mark.time) continue
        if (mark && event.time === mark.time) {
          const left = seen.get(event.raw) ?? 0
          if (left > 0) {
            seen.set(event.raw, left - 1)
            continue
          }
        }
        fresh.push(event)
        if (event.time > last) {
          last = event.time
          atLast = new Map()
        }
        if (event.time === last) atLast.set(event.raw, (atLast.get(event.raw) ?? 0) + 1)
      }
      if (last !== Number.NEGATIVE_INFINITY) this.marks.set(id, {time: last, atTime: atLast})
    }
    return fresh
  }
}
