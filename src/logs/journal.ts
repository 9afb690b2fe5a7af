import {parseUtcOffset, wallClockToEpoch} from './local-time.js'

/**
 * `journalctl -o short-iso` line: `2026-12-04T10:00:00+0000 HOST TAG[PID]: MESSAGE`
 * (newer systemd writes `+00:00`). The stamp carries its offset: no zone guessing.
 */
const SHORT_ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:[.,]\d+)?(Z|[+-]\d{2}:?\d{2}) (\S+) ([^\s[:]+)(?:\[(\d+)\])?: (.*)$/

export interface JournalLine {
  time: number
  hostname: string
  tag: string
  pid?: number
  message: string
}

export function parseJournalLine(line: string): JournalLine | null {
  const m = SHORT_ISO.exec(line)
  if (!m) return null
  const result: JournalLine = {
    time: wallClockToEpoch(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], parseUtcOffset(m[7])),
    hostname: m[8],
    tag: m[9],
    message: m[11],
  }
  if (m[10] !== undefined) result.pid = Number(m[10])
  return result
}
