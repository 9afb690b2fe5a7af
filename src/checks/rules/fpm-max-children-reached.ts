import type {Check} from '../types.js'
import {describeSetting, findPool, fpmEventsOf, fpmLine, poolOf} from '../fpm-log-events.js'
import {groupBy} from '../log-group.js'
import {countText, describeWindow, logUnavailable, noteLogGaps, plural} from '../log-window.js'

export const fpmMaxChildrenReached: Check = {
  needs: ['fpm-log'],
  meta: {
    id: 'fpm/max-children-reached',
    severity: 'warning',
    summary: 'A PHP-FPM pool ran out of workers (pm.max_children reached)',
    docs: {
      description:
        'Every worker of the pool was busy, so FPM could not start another and new requests waited in the socket backlog. FPM logs this once per maintenance pass (about every second) while the pool is full, so the count is seconds-at-the-limit, not requests.',
      symptom:
        'Slow pages first; then 502 (`(11: Resource temporarily unavailable)` once the socket backlog is full) or 504 (`upstream timed out` while requests queue).',
      fix: 'Find what keeps workers busy (slow requests, a stuck backend: see the slowlog). Raise pm.max_children only if memory allows (max_children x average worker RSS must fit in RAM; see fpm/memory-overcommit).',
      snippet: '; /etc/php/8.2/fpm/pool.d/www.conf\npm = dynamic\npm.max_children = 20   ; was 5; 20 x 60 MB RSS fits in 2 GB\nrequest_slowlog_timeout = 5s',
    },
    messages: {
      reached: 'pool {{pool}} reached pm.max_children ({{limit}}) {{count}} in the last {{window}}{{where}}',
    },
  },
  run(facts, context) {
    const unavailable = logUnavailable(facts, 'fpm')
    if (unavailable === 'absent') return
    if (unavailable) return context.skip(unavailable)
    noteLogGaps(facts, 'fpm', context)
    const byPool = groupBy(fpmEventsOf(facts, 'max-children-reached'), poolOf)
    for (const [name, events] of byPool) {
      const last = events[events.length - 1]
      const pool = findPool(facts, name, last.entry.path)?.pool
      const setting = describeSetting(pool, 'pm.max_children')
      const where = pool?.where['pm.max_children']
      context.report({
        messageId: 'reached',
        data: {
          pool: name,
          limit: last.event.limit ?? pool?.settings['pm.max_children'] ?? '?',
          count: plural(countText(events.length, facts.logs.fpm), 'time'),
          window: describeWindow(facts.windowSeconds),
          where: where && where !== 'default' ? ` (set at ${where})` : '',
        },
        evidence: [fpmLine(last), ...(setting ? [setting] : []), ...[describeSetting(pool, 'pm')].filter((line): line is string => line !== null)],
      })
    }
  },
}
