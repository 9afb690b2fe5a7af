import {inWindow, inWindowWhere, type LogEntryByFormat, type LogFormatName, type WindowOptions} from '../logs/index.js'
import type {HostFacts, LogTail} from '../probe/facts.js'
import {COMBINED_FORMAT} from '../nginx/log-format.js'
import {accessFormatFor} from './log-access-formats.js'
import {offsetSteadyAround} from '../logs/local-time.js'
import {linesMatching} from '../logs/tail-lines.js'
import {defineLazy} from '../lazy-property.js'

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

/** How the host's zone-less stamps are read and which of them are in the window. */
export function windowOptions(facts: HostFacts): WindowOptions {
  return {
    now: facts.system.now,
    utcOffset: facts.system.utcOffset,
    timeZone: facts.system.timeZone,
    windowSeconds: facts.windowSeconds,
    // toLogTail already dropped the line the byte bound cut: dropping one more would lose a whole line.
    firstLineMayBePartial: false,
  }
}

/**
 * The host's logs cut to the probe window, parsed once per host and shared by every
 * check. Timestamps without a zone are read in the host's own UTC offset. Each log is
 * parsed when a check first asks for it: a busy host's 2,000 kernel lines cost more
 * than all its other logs, and `fleet check` reads them only through `oomKills`.
 */
export function windowedLogs(facts: HostFacts): WindowedLogs {
  let logs = cache.get(facts)
  if (!logs) {
    const options = windowOptions(facts)
    const read = <K extends LogFormatName>(tails: LogTail[], format: K) =>
      tails.flatMap((tail) =>
        // Fresh entries of this call: the path is added in place (an object spread per
        // entry cost more than parsing the line, on a host with thousands of lines).
        inWindow(tail.lines, format, options).map((entry) => Object.assign(entry, {path: tail.path})),
      )
    const fields: {[F in keyof WindowedLogs]: () => WindowedLogs[F]} = {
      nginxError: () => read(facts.logs.nginxError, 'nginx-error'),
      nginxAccess: () =>
        facts.logs.nginxAccess.flatMap((tail) => {
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
      fpm: () => read(facts.logs.fpm, 'fpm'),
      kernel: () => (facts.logs.kernel ? read([facts.logs.kernel], 'kernel') : []),
      fpmSlowlog: () => read(facts.logs.fpmSlowlog ?? [], 'fpm-slowlog'),
      phpError: () => read(facts.logs.phpError ?? [], 'php-error'),
    }
    const record = {} as WindowedLogs
    for (const key of Object.keys(fields) as Array<keyof WindowedLogs>) defineLazy(record, key, fields[key])
    logs = record
    cache.set(facts, logs)
  }
  return logs
}

/**
 * The kernel entries in the window whose line passes `keep`, only those lines parsed
 * (see inWindowWhere): for checks that look for a few kinds of kernel message. `needles`
 * (literal text one of which every kept line holds) find the candidates in the log's text
 * without decoding or splitting it all.
 */
export function kernelEntriesWhere(
  facts: HostFacts,
  needles: readonly string[],
  keep: (line: string) => boolean,
): Array<Located<LogEntryByFormat['kernel']>> {
  const tail = facts.logs.kernel
  if (!tail) return []
  const options = windowOptions(facts)
  // Across a DST change every line is parsed (a stamp reads the line before): all of them, then.
  const steady = offsetSteadyAround(options, options.now - options.windowSeconds, options.now)
  const lines = steady ? linesMatching(tail, needles) : tail.lines
  return inWindowWhere(lines, 'kernel', options, keep).map((entry) => Object.assign(entry, {path: tail.path}))
}
