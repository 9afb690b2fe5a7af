import type {Check} from '../types.js'
import {describeSetting, findPool, fpmEventsOf, fpmLine, poolOf} from '../fpm-log-events.js'
import {groupBy, topCounts} from '../log-group.js'
import {countText, describeWindow, logUnavailable, noteLogGaps, plural} from '../log-window.js'

export const fpmSlowRequests: Check = {
  needs: ['fpm-log'],
  meta: {
    id: 'fpm/slow-requests',
    severity: 'info',
    summary: 'PHP-FPM logged requests slower than request_slowlog_timeout',
    docs: {
      description:
        'Requests ran longer than the pool\'s request_slowlog_timeout; FPM wrote a PHP stack trace of each to the pool\'s slowlog file. The trace shows where the time went (a database call, an HTTP call, sleep). Slow requests hold workers and lead to fpm/max-children-reached under load.',
      symptom: 'Slow pages; under load 502/504 once workers run out.',
      fix: 'Read the traces in the slowlog file named in the message and fix the slow call; keep request_slowlog_timeout below request_terminate_timeout so a trace is written before the kill.',
      snippet: '; pool.d/www.conf\nslowlog = /var/log/php8.2-fpm.slow.log\nrequest_slowlog_timeout = 5s\n# then: tail -n 60 /var/log/php8.2-fpm.slow.log',
    },
    messages: {
      slow: 'pool {{pool}}: {{count}} slower than request_slowlog_timeout{{timeout}} in the last {{window}} ({{scripts}}); traces in {{slowlog}}',
    },
  },
  run(facts, context) {
    const unavailable = logUnavailable(facts, 'fpm')
    if (unavailable === 'absent') return
    if (unavailable) return context.skip(unavailable)
    noteLogGaps(facts, 'fpm', context)
    for (const [name, events] of groupBy(fpmEventsOf(facts, 'slow-request'), poolOf)) {
      const last = events[events.length - 1]
      const pool = findPool(facts, name, last.entry.path)?.pool
      const timeout = pool?.settings.request_slowlog_timeout
      const slowlog = pool?.settings.slowlog
      context.report({
        messageId: 'slow',
        data: {
          pool: name,
          count: plural(countText(events.length, facts.logs.fpm), 'request'),
          timeout: timeout ? ` (${timeout})` : '',
          window: describeWindow(facts.windowSeconds),
          scripts: topCounts(
            events.map((event) => event.event.script ?? 'unknown script'),
            3,
          ),
          slowlog: slowlog ? `${slowlog}${pool?.where.slowlog && pool.where.slowlog !== 'default' ? ` (slowlog at ${pool.where.slowlog})` : ''}` : 'the pool slowlog (path not in the config read)',
        },
        evidence: [fpmLine(last), ...['request_slowlog_timeout', 'slowlog'].map((key) => describeSetting(pool, key)).filter((line): line is string => line !== null)],
      })
    }
  },
}
