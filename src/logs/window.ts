import type {LogContext} from './types.js'
import {getLogFormat, type LogEntryByFormat, type LogFormatName} from './formats.js'

export interface WindowOptions extends LogContext {
  /** Keep entries with now - windowSeconds <= time <= now. */
  windowSeconds: number
  /**
   * The tail was cut at a byte bound, so line 0 may be the end of a longer line:
   * drop it rather than misread it (nginx access lines can still look whole).
   */
  firstLineMayBePartial?: boolean
}

/**
 * Parse lines (oldest first) into entries; a line that starts no entry is
 * attached to the previous one (FPM slowlog traces, wrapped messages). Lines
 * before the first entry belong to an entry cut off by the tail: dropped.
 */
export function parseLog<K extends LogFormatName>(lines: string[], name: K, context: LogContext): Array<LogEntryByFormat[K]> {
  const format = getLogFormat(name)
  const entries: Array<LogEntryByFormat[K]> = []
  // The previous entry's time places a stamp in the hour repeated when clocks go back.
  const state: LogContext = {...context, previousTime: null}
  for (const raw of lines) {
    const line = raw.replace(/\r$/, '')
    if (format.ignore?.test(line)) continue
    const entry = format.parse(line, state)
    if (entry) {
      entries.push(entry)
      if (entry.time !== null) state.previousTime = entry.time
    }
    else if (entries.length > 0 && line !== '') entries[entries.length - 1].continuation.push(line)
  }
  if (format.finish) for (const entry of entries) format.finish(entry)
  return entries
}

/** The parsed entries of `lines` whose timestamp lies inside the window ending at `now`. */
export function inWindow<K extends LogFormatName>(lines: string[], name: K, options: WindowOptions): Array<LogEntryByFormat[K]> {
  const input = options.firstLineMayBePartial ? lines.slice(1) : lines
  const from = options.now - options.windowSeconds
  return parseLog(input, name, options).filter((entry) => entry.time !== null && entry.time >= from && entry.time <= options.now)
}
