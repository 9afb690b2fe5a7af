import type {FpmLogEntry, FpmSlowlogEntry, LogContext} from './types.js'
import {parseJournalLine} from './journal.js'
import {localToEpoch, monthIndex} from './local-time.js'

/**
 * PHP-FPM error log (php-src sapi/fpm/fpm/zlog.c): `[DD-Mon-YYYY HH:MM:SS] LEVEL: MESSAGE`
 * in the host's local time (`.uuuuuu` is added at log_level = debug); pool messages
 * start with `[pool NAME] `.
 */
const LINE = /^\[(\d{2})-(\w{3})-(\d{4}) (\d{2}):(\d{2}):(\d{2})(?:\.\d+)?\] (\w+): (.*)$/
const POOL = /^\[pool ([^\]]+)\] (.*)$/
// At log_level = debug zlog.c prefixes every message with `pid %d, %s(), line %d: ` before the pool prefix.
const DEBUG_PREFIX = /^pid \d+, \w+\(\), line \d+: /
// Slowlog record header (fpm_php_trace.c): `[DD-Mon-YYYY HH:MM:SS]  [pool NAME] pid N`.
const SLOW = /^\[(\d{2})-(\w{3})-(\d{4}) (\d{2}):(\d{2}):(\d{2})\]\s+\[pool ([^\]]+)\] pid (\d+)$/

function stamp(match: RegExpExecArray, context: LogContext): number | null {
  const month = monthIndex(match[2])
  if (month === null) return null
  return localToEpoch(+match[3], month, +match[1], +match[4], +match[5], +match[6], context)
}

// With `error_log = syslog` zlog.c writes `[LEVEL] MESSAGE` (no stamp: the journal's is used).
const SYSLOG_BODY = /^\[([A-Z]+)\] (.*)$/

export function parseFpmLogLine(line: string, context: LogContext): FpmLogEntry | null {
  const match = LINE.exec(line)
  let entry: FpmLogEntry
  if (match) {
    entry = {time: stamp(match, context), raw: line, continuation: [], level: match[7], message: match[8].replace(DEBUG_PREFIX, '')}
  } else {
    const journal = parseJournalLine(line)
    const body = journal ? SYSLOG_BODY.exec(journal.message) : null
    if (!journal || !body) return null
    entry = {time: journal.time, raw: line, continuation: [], level: body[1], message: body[2].replace(DEBUG_PREFIX, '')}
  }
  const pool = POOL.exec(entry.message)
  if (pool) {
    entry.pool = pool[1]
    entry.message = pool[2]
  }
  return entry
}

export function parseFpmSlowlogLine(line: string, context: LogContext): FpmSlowlogEntry | null {
  const match = SLOW.exec(line)
  if (!match) return null
  return {time: stamp(match, context), raw: line, continuation: [], pool: match[7], pid: Number(match[8])}
}

/** Slowlog records name their script on the first trace line. */
export function finishSlowlogEntry(entry: FpmSlowlogEntry): void {
  const script = entry.continuation.find((line) => line.startsWith('script_filename = '))
  if (script) entry.script = script.slice('script_filename = '.length)
}
