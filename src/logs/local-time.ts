/**
 * Timestamps without a zone (nginx error log, FPM log, dmesg -T, syslog) are in
 * the HOST's local time. With the host's IANA zone (`tz=` in the probe's system
 * frame) each stamp is converted with the offset in force AT THAT STAMP, so a
 * window spanning a DST change is right; without a zone, with the UTC offset the
 * probe read (the one in force at probe time).
 */
import type {LogContext} from './types.js'

export const MONTHS: Record<string, number> = {
  Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11,
}

/** `+HHMM`, `-HH:MM` or `Z` -> seconds east of UTC. */
export function parseUtcOffset(offset: string): number {
  // Called for every log line; a log has one or two distinct offsets.
  const known = offsetCache.get(offset)
  if (known !== undefined) return known
  let seconds = 0
  if (offset !== 'Z' && offset !== 'z') {
    const match = /^([+-])(\d{2}):?(\d{2})$/.exec(offset.trim())
    if (!match) throw new Error(`invalid UTC offset '${offset}' (expected +HHMM)`)
    seconds = Number(match[2]) * 3600 + Number(match[3]) * 60
    if (match[1] === '-') seconds = -seconds
  }
  if (offsetCache.size >= 256) offsetCache.clear()
  offsetCache.set(offset, seconds)
  return seconds
}

const offsetCache = new Map<string, number>()

/** Epoch seconds of a wall-clock time read in a zone `offset` seconds east of UTC. */
export function wallClockToEpoch(
  year: number, month: number, day: number, hour: number, minute: number, second: number, offset: number,
): number {
  return Date.UTC(year, month, day, hour, minute, second) / 1000 - offset
}

/** Month name (`Nov`) -> 0-based month, or null. */
export function monthIndex(name: string): number | null {
  return MONTHS[name] ?? null
}

// IANA names: `Europe/Berlin`, `America/Argentina/Buenos_Aires`, `Etc/GMT+5`, `UTC`.
const ZONE_SHAPE = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+){0,3}$/
const formatters = new Map<string, Intl.DateTimeFormat | null>()

/** An Intl formatter for the zone, or null when the name is not a zone this Node knows. */
function zoneFormatter(zone: string): Intl.DateTimeFormat | null {
  let formatter = formatters.get(zone)
  if (formatter === undefined) {
    formatter = null
    if (ZONE_SHAPE.test(zone) && zone.length <= 64) {
      try {
        formatter = new Intl.DateTimeFormat('en-US', {
          timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
        })
      } catch {
        formatter = null
      }
    }
    if (formatters.size > 256) formatters.clear()
    formatters.set(zone, formatter)
  }
  return formatter
}

/** Whether `zone` is an IANA zone name Node's ICU can convert with. */
export function isKnownZone(zone: string): boolean {
  return zoneFormatter(zone) !== null
}

/** Seconds east of UTC in `zone` at the instant `epoch` (seconds). */
export function zoneOffsetAt(formatter: Intl.DateTimeFormat, epoch: number): number {
  const parts: Record<string, number> = {}
  for (const part of formatter.formatToParts(new Date(epoch * 1000))) if (part.type !== 'literal') parts[part.type] = Number(part.value)
  return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second) / 1000 - epoch
}

const DAY = 86_400

/**
 * The instants a wall-clock time names in a zone: one normally, two in the hour repeated
 * when clocks go back (earlier first), none in the hour skipped when they go forward (then
 * the offset before the change is used, as the clock the writer read would have shown it).
 */
export function zonedCandidates(formatter: Intl.DateTimeFormat, year: number, month: number, day: number, hour: number, minute: number, second: number): number[] {
  const wall = Date.UTC(year, month, day, hour, minute, second) / 1000
  // A log has thousands of lines in a few distinct minutes, and formatToParts is
  // slow (a 2,000-line kernel log cost ~5 ms a host): the offsets are memoised per
  // wall-clock minute, since zones change offset on minute boundaries.
  const minuteKey = wall - second
  let memo = offsetMemo.get(formatter)
  if (!memo) offsetMemo.set(formatter, (memo = new Map()))
  let offsets = memo.get(minuteKey)
  if (!offsets) {
    offsets = candidateOffsets(formatter, minuteKey)
    if (memo.size >= 4096) memo.clear()
    memo.set(minuteKey, offsets)
  }
  return offsets.map((offset) => wall - offset)
}

const offsetMemo = new WeakMap<Intl.DateTimeFormat, Map<number, number[]>>()

/** The offsets (seconds east of UTC) under which wall-clock time `wall` (as if UTC) exists in the zone, earlier instant first. */
function candidateOffsets(formatter: Intl.DateTimeFormat, wall: number): number[] {
  // At most one change within a day each side: the offsets a day before and after bracket it.
  const before = zoneOffsetAt(formatter, wall - DAY)
  const after = zoneOffsetAt(formatter, wall + DAY)
  const found = [...new Set([before, after])].map((offset) => wall - offset).filter((t) => zoneOffsetAt(formatter, t) === wall - t)
  if (found.length === 0) return [before]
  return found.sort((a, b) => a - b).map((t) => wall - t)
}

/**
 * Epoch seconds of a host-local wall-clock time. In the repeated hour at a fall-back change the
 * earlier instant is taken, unless the previous line of the same log (`context.previousTime`,
 * logs are written in time order) is already past it: then it is the second pass of that hour.
 * A stamp is never put after the host's clock (`context.now`) when the earlier reading is not.
 */
export function localToEpoch(
  year: number, month: number, day: number, hour: number, minute: number, second: number, context: LogContext,
): number {
  // A zone this Node does not know (a host's abbreviation) falls back to the UTC offset.
  const formatter = context.timeZone ? zoneFormatter(context.timeZone) : null
  if (!formatter) return wallClockToEpoch(year, month, day, hour, minute, second, parseUtcOffset(context.utcOffset))
  const candidates = zonedCandidates(formatter, year, month, day, hour, minute, second)
  if (candidates.length === 1) return candidates[0]
  const [earlier, later] = candidates
  const previous = context.previousTime
  if (previous !== undefined && previous !== null && previous > earlier && later <= context.now) return later
  return earlier
}

/** The longest window `offsetSteadyAround` vouches for: zones change offset at most every few weeks. */
const STEADY_SPAN = 7 * DAY

/**
 * Whether every zone-less stamp that could land in [from, to] reads without `previousTime`:
 * no zone (one fixed offset), or the zone's offset the same a day before `from` and a day
 * after `to` and the span short enough that it cannot change twice in between. A stamp in a
 * repeated hour further out is out of the window at either reading.
 */
export function offsetSteadyAround(context: LogContext, from: number, to: number): boolean {
  const formatter = context.timeZone ? zoneFormatter(context.timeZone) : null
  if (!formatter) return true
  if (to - from > STEADY_SPAN) return false
  return zoneOffsetAt(formatter, from - DAY) === zoneOffsetAt(formatter, to + DAY)
}
