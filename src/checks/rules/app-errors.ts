import type {AppLog} from '../../probe/evidence.js'
import type {Check} from '../types.js'
import {groupBy} from '../log-group.js'
import {describeWindow, plural} from '../log-window.js'

/**
 * Monolog's line format as Laravel writes it: `[2026-12-04 10:00:00] production.ERROR: message {"exception":"[object] (App\\Foo(code: 0): ...`
 * (Monolog 3 may add microseconds and an offset: `[2026-12-04T10:00:00.123456+01:00]`).
 * A stamp without an offset is in the app's timezone (config app.timezone); fleet cannot
 * read the app's config, so it assumes Laravel's default, UTC, and says so.
 */
const LINE = /^\[(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:([+-])(\d{2}):?(\d{2}))?\] ([\w.-]+)\.(DEBUG|INFO|NOTICE|WARNING|ERROR|CRITICAL|ALERT|EMERGENCY): (.*)$/
const SERIOUS = new Set(['ERROR', 'CRITICAL', 'ALERT', 'EMERGENCY'])
const EXCEPTION = /"exception":"\[object\] \(([^"(]+?)\(code: /

export interface AppEntry {
  time: number
  level: string
  message: string
  exception: string | null
  raw: string
  path: string
  /** The stamp carried no offset and was read as UTC. */
  assumedUtc: boolean
}

export function parseAppLog(log: AppLog): AppEntry[] {
  const out: AppEntry[] = []
  for (const raw of log.lines) {
    const match = LINE.exec(raw)
    if (!match) continue
    const [, y, mo, d, h, mi, s, sign, oh, om, , level, rest] = match
    const offset = sign ? (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) * 60 : 0
    const time = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s) / 1000 - offset
    const exception = EXCEPTION.exec(rest)?.[1].replaceAll('\\\\', '\\') ?? null
    const message = rest.replace(/ \{"exception":[\s\S]*$/, '').replace(/(?: \[\])+$/, '')
    out.push({time, level, message, exception, raw, path: log.path, assumedUtc: !sign})
  }
  return out
}

export const appErrors: Check = {
  needs: ['app-log'],
  meta: {
    id: 'app/errors',
    severity: 'info',
    summary: "The application's own log (Laravel) has ERROR or worse entries in the window",
    docs: {
      description:
        "A Laravel application logs its exceptions to storage/logs/laravel.log (or the daily laravel-YYYY-MM-DD.log) next to the site root. ERROR, CRITICAL, ALERT and EMERGENCY entries there are the cause behind a 500 the app rendered itself, or behind a 502 when the script died. Laravel writes its stamps in the app's timezone (config app.timezone, default UTC): fleet reads a stamp without an offset as UTC.",
      symptom: '500 Internal Server Error pages rendered by the application (its error page), or 502 when the worker died.',
      fix: 'Read the newest entry of the named exception class (the stack trace follows it in the log) and fix the code or the dependency it names (database, cache, queue, a missing env value).',
      snippet: 'tail -n 100 /srv/app/storage/logs/laravel.log\nphp artisan config:show app.timezone',
    },
    messages: {
      errors: '{{app}}: {{count}} in the last {{window}}{{tz}}: {{classes}}; newest: {{newest}}',
    },
  },
  run(facts, context) {
    const failed = facts.partial.filter((fact) => fact.fact === 'app-log' || fact.fact.startsWith('app-log:'))
    if (failed.length > 0) context.skip(`application log not readable: ${failed.map((fact) => `${fact.fact.replace(/^app-log:?/, '') || 'app-log'}: ${fact.reason}`).join('; ')}`)
    const from = facts.system.now - facts.windowSeconds
    for (const [root, logs] of groupBy(facts.evidence.appLogs, (log) => log.root)) {
      // laravel.log and the day's laravel-YYYY-MM-DD.log can both hold the same entry (two channels): count it once.
      const seen = new Set<string>()
      const entries = logs
        .flatMap(parseAppLog)
        .filter((entry) => !seen.has(entry.raw) && seen.add(entry.raw) !== undefined)
        .filter((entry) => SERIOUS.has(entry.level) && entry.time >= from && entry.time <= facts.system.now)
        .sort((a, b) => a.time - b.time)
      if (entries.length === 0) continue
      const newest = entries[entries.length - 1]
      const byClass = [...groupBy(entries, (entry) => entry.exception ?? `${entry.level} without exception`)].sort((a, b) => b[1].length - a[1].length)
      context.report({
        messageId: 'errors',
        data: {
          app: root.replace(/\/public$/, ''),
          count: `${logs.some((log) => log.truncated) ? 'at least ' : ''}${plural(entries.length, 'error')}`,
          window: describeWindow(facts.windowSeconds),
          tz: entries.some((entry) => entry.assumedUtc) ? ' (stamps read as UTC, Laravel\'s default app.timezone)' : '',
          classes: byClass
            .slice(0, 3)
            .map(([name, all]) => (all.length > 1 ? `${name} x${all.length}` : name))
            .join(', '),
          newest: newest.message.length > 160 ? `${newest.message.slice(0, 160)}...` : newest.message,
        },
        evidence: byClass.slice(0, 3).map(([, all]) => `${all[all.length - 1].path}: ${all[all.length - 1].raw.slice(0, 400)}`),
      })
    }
  },
}
