import type {LogContext, PhpErrorEntry} from './types.js'
import {localToEpoch, monthIndex} from './local-time.js'

/**
 * PHP's own error log (`error_log` ini setting, e.g. a pool's `php_admin_value[error_log]`):
 * php-src main/main.c php_log_err_with_severity writes `[DD-Mon-YYYY HH:MM:SS ZONE] MESSAGE`,
 * ZONE being PHP's date.timezone (`UTC`, `Europe/Berlin`). Messages from the engine read
 * `PHP Fatal error:  Allowed memory size ...`; continuation lines (stack traces) follow.
 */
const LINE = /^\[(\d{2})-(\w{3})-(\d{4}) (\d{2}):(\d{2}):(\d{2}) ([A-Za-z][A-Za-z0-9_/+-]*)\] (.*)$/
const LEVEL = /^PHP ([A-Z][a-z]+(?: [a-z]+)*(?: error)?):\s+(.*)$/

export function parsePhpErrorLine(line: string, context: LogContext): PhpErrorEntry | null {
  const match = LINE.exec(line)
  if (!match) return null
  const month = monthIndex(match[2])
  // The stamp names PHP's zone: that zone, else (an abbreviation Intl does not know) the host's.
  const zone = match[7]
  const zoned: LogContext = zone === 'UTC' ? {...context, timeZone: 'UTC', utcOffset: '+0000'} : {...context, timeZone: zone}
  const time = month === null ? null : localToEpoch(+match[3], month, +match[1], +match[4], +match[5], +match[6], zoned)
  const entry: PhpErrorEntry = {time, raw: line, continuation: [], message: match[8]}
  const level = LEVEL.exec(match[8])
  if (level) {
    entry.level = level[1]
    entry.message = level[2]
  }
  return entry
}
