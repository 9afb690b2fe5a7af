import type {LogContext, NginxAccessEntry} from './types.js'
import {monthIndex, parseUtcOffset, wallClockToEpoch} from './local-time.js'

/**
 * nginx access log. `combined` (ngx_http_log_module.c) is
 * `$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"`;
 * nginx escapes `"` inside variables as `\x22`, so quoted fields hold no bare quote.
 * `$time_local` carries its own offset. Lines in other formats keep only their time.
 */
const COMBINED =
  /^(\S+) - (\S+) \[([^\]]+)\] "([^"]*)" (\d{3}) (\d+|-)(?: "([^"]*)" "([^"]*)")?/
const TIME_LOCAL = /\[(\d{2})\/(\w{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-]\d{4})\]/

export function parseTimeLocal(text: string): number | null {
  const match = TIME_LOCAL.exec(text)
  if (!match) return null
  const month = monthIndex(match[2])
  if (month === null) return null
  return wallClockToEpoch(+match[3], month, +match[1], +match[4], +match[5], +match[6], parseUtcOffset(match[7]))
}

export function parseNginxAccessLine(line: string, _context: LogContext): NginxAccessEntry | null {
  if (line.trim() === '') return null
  const time = parseTimeLocal(line)
  const match = COMBINED.exec(line)
  if (!match || time === null) return {time, raw: line, continuation: [], combined: false}
  const entry: NginxAccessEntry = {
    time,
    raw: line,
    continuation: [],
    combined: true,
    remoteAddr: match[1],
    remoteUser: match[2],
    request: match[4],
    status: Number(match[5]),
    bodyBytesSent: match[6] === '-' ? 0 : Number(match[6]),
  }
  if (match[7] !== undefined) entry.referer = match[7]
  if (match[8] !== undefined) entry.userAgent = match[8]
  return entry
}
