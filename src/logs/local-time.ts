/**
 * Timestamps without a zone (nginx error log, FPM log, dmesg -T, syslog) are in
 * the HOST's local time: convert with the offset the probe read on that host,
 * never the controller's zone. A window that spans a DST change is off by the
 * DST step for the older lines; the probe's offset is the one in force now.
 */
export const MONTHS: Record<string, number> = {
  Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11,
}

/** `+HHMM`, `-HH:MM` or `Z` -> seconds east of UTC. */
export function parseUtcOffset(offset: string): number {
  if (offset === 'Z' || offset === 'z') return 0
  const match = /^([+-])(\d{2}):?(\d{2})$/.exec(offset.trim())
  if (!match) throw new Error(`invalid UTC offset '${offset}' (expected +HHMM)`)
  const seconds = Number(match[2]) * 3600 + Number(match[3]) * 60
  return match[1] === '-' ? -seconds : seconds
}

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
