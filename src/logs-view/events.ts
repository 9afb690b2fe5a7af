/**
 * One host's log lines in the window, as events: where from, how severe, the masked
 * message they fold under and the real line. Reads the probe's log frames through the
 * same parsers and window as the checks (src/checks/windowed-logs.ts).
 */
import {windowedLogs} from '../checks/windowed-logs.js'
import type {HostFacts} from '../probe/facts.js'
import {maskMessage} from './mask.js'

export type LogSource = 'nginx' | 'fpm' | 'kernel'

/** nginx's levels, lowest first; FPM's map onto them (WARNING is warn). */
export const LEVELS = ['debug', 'info', 'notice', 'warn', 'error', 'crit', 'alert', 'emerg'] as const
export type Level = (typeof LEVELS)[number]

const FPM_LEVELS: Record<string, Level> = {DEBUG: 'debug', NOTICE: 'notice', WARNING: 'warn', ERROR: 'error', ALERT: 'alert'}

export interface LogEvent {
  host: string
  source: LogSource
  /** Absent for kernel lines, which carry no level. */
  level?: Level
  /** Epoch seconds (host clock). */
  time: number
  /** The message with the varying parts masked: what events fold under. */
  key: string
  /** The line as the host wrote it. */
  raw: string
  path: string
}

// `2026/11/25 18:26:31 [error] 66#66: *1 ` and `[25-Nov-2026 18:26:32] `: time, pid and connection vary.
const NGINX_HEAD = /^\S+ \S+ \[\w+\] \d+#\d+: (?:\*\d+ )?/
const FPM_HEAD = /^\[[^\]]*\] /

function nginxLevel(level: string): Level | undefined {
  return (LEVELS as readonly string[]).includes(level) ? (level as Level) : undefined
}

export function hostEvents(host: string, facts: HostFacts): LogEvent[] {
  const logs = windowedLogs(facts)
  const events: LogEvent[] = []
  for (const entry of logs.nginxError) {
    const level = nginxLevel(entry.level)
    events.push({host, source: 'nginx', level, time: entry.time!, key: `[${entry.level}] ${maskMessage(entry.raw.replace(NGINX_HEAD, ''))}`, raw: entry.raw, path: entry.path})
  }
  for (const entry of logs.fpm) {
    events.push({host, source: 'fpm', level: FPM_LEVELS[entry.level], time: entry.time!, key: maskMessage(entry.raw.replace(FPM_HEAD, '')), raw: entry.raw, path: entry.path})
  }
  for (const entry of logs.kernel) {
    events.push({host, source: 'kernel', time: entry.time!, key: maskMessage(entry.message), raw: entry.raw, path: entry.path})
  }
  return events
}

export interface EventFilter {
  /** Lowest level kept; kernel lines, which have none, are then left out. */
  level?: Level
  /** The operator's regex, tested against the real line. */
  grep?: RegExp
}

export function keepEvent(event: LogEvent, filter: EventFilter): boolean {
  if (filter.level !== undefined) {
    if (event.level === undefined || LEVELS.indexOf(event.level) < LEVELS.indexOf(filter.level)) return false
  }
  if (filter.grep !== undefined && !filter.grep.test(event.raw)) return false
  return true
}
