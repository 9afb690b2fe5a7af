import type {Check} from '../types.js'
import {describeSetting, findPool, fpmEventsOf, fpmLine, poolOf} from '../fpm-log-events.js'
import {groupBy} from '../log-group.js'
import {countText, describeWindow, logUnavailable, noteLogGaps, plural} from '../log-window.js'

/** Settings that decide how fast a dynamic pool grows, quoted as evidence. */
const SPARE_SETTINGS = ['pm.start_servers', 'pm.min_spare_servers', 'pm.max_spare_servers', 'pm.max_spawn_rate']

export const fpmSeemsBusy: Check = {
  needs: ['fpm-log'],
  meta: {
    id: 'fpm/seems-busy',
    severity: 'info',
    summary: 'A dynamic PHP-FPM pool had no idle workers and spawned in bursts',
    docs: {
      description:
        'With `pm = dynamic`, FPM found fewer idle workers than pm.min_spare_servers and had to spawn several at once. Requests arriving meanwhile wait for a worker to start. On its own it is a tuning hint; together with fpm/max-children-reached it means the pool is too small for the load.',
      symptom: 'Latency spikes on traffic bursts; no error status by itself.',
      fix: 'Raise pm.start_servers and pm.min_spare_servers (and pm.max_spare_servers) so bursts find idle workers, within pm.max_children.',
      snippet: '; pool.d/www.conf\npm = dynamic\npm.max_children = 20\npm.start_servers = 6\npm.min_spare_servers = 4\npm.max_spare_servers = 8',
    },
    messages: {
      busy: 'pool {{pool}} seemed busy {{count}} in the last {{window}}{{last}}',
    },
  },
  run(facts, context) {
    const unavailable = logUnavailable(facts, 'fpm')
    if (unavailable === 'absent') return
    if (unavailable) return context.skip(unavailable)
    noteLogGaps(facts, 'fpm', context)
    for (const [name, events] of groupBy(fpmEventsOf(facts, 'seems-busy'), poolOf)) {
      const last = events[events.length - 1]
      const pool = findPool(facts, name, last.entry.path)?.pool
      const {idle, total} = last.event
      context.report({
        messageId: 'busy',
        data: {
          pool: name,
          count: plural(countText(events.length, facts.logs.fpm), 'time'),
          window: describeWindow(facts.windowSeconds),
          last: idle !== undefined && total !== undefined ? ` (last: ${idle} idle of ${total} children)` : '',
        },
        evidence: [fpmLine(last), ...SPARE_SETTINGS.map((key) => describeSetting(pool, key)).filter((line): line is string => line !== null)],
      })
    }
  },
}
