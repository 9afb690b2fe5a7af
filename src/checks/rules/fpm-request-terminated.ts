import type {Check} from '../types.js'
import {describeSetting, findPool, fpmEventsOf, fpmLine, poolOf} from '../fpm-log-events.js'
import {groupBy, topCounts} from '../log-group.js'
import {countText, describeWindow, logUnavailable, noteLogGaps, plural} from '../log-window.js'

export const fpmRequestTerminated: Check = {
  needs: ['fpm-log'],
  meta: {
    id: 'fpm/request-terminated',
    severity: 'warning',
    summary: 'PHP-FPM killed requests that ran past request_terminate_timeout',
    docs: {
      description:
        'A request ran longer than the pool\'s request_terminate_timeout, so FPM ended the worker (SIGTERM) and the request was lost. The log names the script, which is the one to make faster (or to move to a queue).',
      symptom:
        '502 Bad Gateway for that request: nginx sees the connection reset (`recv() failed (104: Connection reset by peer)`) or closed (`upstream prematurely closed`).',
      fix: 'Make the named script faster or move the work out of the request. If the script legitimately runs long, raise request_terminate_timeout for that pool, keeping it just below nginx fastcgi_read_timeout (see timeouts/order).',
      snippet: '; pool.d/www.conf\nrequest_terminate_timeout = 55s\nrequest_slowlog_timeout = 10s   ; trace it before it is killed\n# nginx: fastcgi_read_timeout 60s;',
    },
    messages: {
      terminated: 'pool {{pool}}: {{count}} killed after request_terminate_timeout{{timeout}} in the last {{window}}: {{scripts}}',
    },
  },
  run(facts, context) {
    const unavailable = logUnavailable(facts, 'fpm')
    if (unavailable === 'absent') return
    if (unavailable) return context.skip(unavailable)
    noteLogGaps(facts, 'fpm', context)
    for (const [name, events] of groupBy(fpmEventsOf(facts, 'request-terminated'), poolOf)) {
      const last = events[events.length - 1]
      const pool = findPool(facts, name, last.entry.path)?.pool
      const timeout = pool?.settings.request_terminate_timeout
      // One sample line per script (the last), so each script named is backed by a line.
      const samples = [...groupBy(events, (event) => event.event.script ?? '?').values()].map((group) => fpmLine(group[group.length - 1]))
      context.report({
        messageId: 'terminated',
        data: {
          pool: name,
          count: plural(countText(events.length, facts.logs.fpm), 'request'),
          timeout: timeout ? ` (${timeout})` : '',
          window: describeWindow(facts.windowSeconds),
          scripts: topCounts(
            events.map((event) => event.event.script ?? 'unknown script'),
            3,
          ),
        },
        evidence: [...samples.slice(-3), ...[describeSetting(pool, 'request_terminate_timeout')].filter((line): line is string => line !== null)],
      })
    }
  },
}
