import {inWindow, type LogEntryByFormat, type LogFormatName} from '../logs/index.js'
import type {HostFacts, LogTail} from '../probe/facts.js'
import {COMBINED_FORMAT} from '../nginx/log-format.js'
import {accessFormatFor} from './log-access-formats.js'

/** A parsed log entry and the file it came from (evidence names the file). */
export type Located<E> = E & {path: string}

export interface WindowedLogs {
  nginxError: Array<Located<LogEntryByFormat['nginx-error']>>
  nginxAccess: Array<Located<LogEntryByFormat['nginx-access']>>
  fpm: Array<Located<LogEntryByFormat['fpm']>>
  kernel: Array<Located<LogEntryByFormat['kernel']>>
  /** Pool slowlog records. */
  fpmSlowlog: Array<Located<LogEntryByFormat['fpm-slowlog']>>
  /** PHP's own error-log lines (`PHP Fatal error:  ...`), for php/fatal-errors. */
  phpError: Array<Located<LogEntryByFormat['php-error']>>
}

const cache = new WeakMap<HostFacts, WindowedLogs>()

/**
 * The host's logs cut to the probe window, parsed once per host and shared by every
 * check. Timestamps without a zone are read in the host's own UTC offset.
 */
export function windowedLogs(facts: HostFacts): WindowedLogs {
  let logs = cache.get(facts)
  if (!logs) {
    const read = <K extends LogFormatName>(tails: LogTail[], format: K) =>
      tails.flatMap((tail) =>
        inWindow(tail.lines, format, {
          now: facts.system.now,
          utcOffset: facts.system.utcOffset,
          timeZone: facts.system.timeZone,
          windowSeconds: facts.windowSeconds,
          // toLogTail already dropped the line the byte bound cut: dropping one more would lose a whole line.
          firstLineMayBePartial: false,
          // Fresh entries of this call: the path is added in place (an object spread per
          // entry cost more than parsing the line, on a host with thousands of lines).
        }).map((entry) => Object.assign(entry, {path: tail.path})),
      )
    logs = {
      nginxError: read(facts.logs.nginxError, 'nginx-error'),
      nginxAccess: facts.logs.nginxAccess.flatMap((tail) => {
        const format = accessFormatFor(facts.nginx.config, tail)
        // nginx's own `combined` keeps the full parse; a format fleet cannot read gives no lines (host/partial says so).
        if (format === null || format.text === COMBINED_FORMAT) return read([tail], 'nginx-access')
        if (!format.ok) return []
        const from = facts.system.now - facts.windowSeconds
        return tail.lines.flatMap((raw) => {
          const fields = raw.trim() === '' ? null : format.read(raw)
          if (!fields || fields.time === null || fields.time < from || fields.time > facts.system.now) return []
          return [{...fields, raw, continuation: [], combined: false, path: tail.path}]
        })
      }),
      fpm: read(facts.logs.fpm, 'fpm'),
      kernel: facts.logs.kernel ? read([facts.logs.kernel], 'kernel') : [],
      fpmSlowlog: read(facts.logs.fpmSlowlog ?? [], 'fpm-slowlog'),
      phpError: read(facts.logs.phpError ?? [], 'php-error'),
    }
    cache.set(facts, logs)
  }
  return logs
}
