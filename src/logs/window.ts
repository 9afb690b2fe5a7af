import type {LogContext} from './types.js'
import {getLogFormat, type LogEntryByFormat, type LogFormatName} from './formats.js'
import {offsetSteadyAround} from './local-time.js'

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

/**
 * The entries of `inWindow` whose line passes `keep`, without parsing the lines that do not:
 * a check that looks for a few kinds of lines (the OOM killer's three among a busy host's
 * 2,000 kernel lines a window) parses only those. Only where that gives the same answer:
 * a line's time depends on the line before it only in an hour repeated when clocks go back,
 * so when the host's zone changes offset near the window, every line is parsed and filtered.
 * Where only the kept lines are parsed, the entries carry no continuation lines (the lines
 * after them were not parsed).
 */
export function inWindowWhere<K extends LogFormatName>(
  lines: string[],
  name: K,
  options: WindowOptions,
  keep: (line: string) => boolean,
): Array<LogEntryByFormat[K]> {
  const input = options.firstLineMayBePartial ? lines.slice(1) : lines
  const from = options.now - options.windowSeconds
  if (!offsetSteadyAround(options, from, options.now)) return inWindow(input, name, {...options, firstLineMayBePartial: false}).filter((entry) => keep(entry.raw))
  const format = getLogFormat(name)
  const state: LogContext = {...options, previousTime: null}
  const kept: Array<LogEntryByFormat[K]> = []
  for (const raw of input) {
    if (!keep(raw)) continue
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    if (format.ignore?.test(line)) continue
    const entry = format.parse(line, state)
    if (!entry || entry.time === null || entry.time < from || entry.time > options.now) continue
    format.finish?.(entry)
    kept.push(entry)
  }
  return kept
}
