import type {FpmPool} from '../../fpm/types.js'
import type {HostFacts} from '../../probe/facts.js'
import type {Check} from '../types.js'
import {describeSetting} from '../fpm-log-events.js'
import {groupBy} from '../log-group.js'
import {upstreamEventsOf} from '../log-nginx-upstream.js'
import {countText, describeWindow, logUnavailable, noteLogGaps, plural} from '../log-window.js'

/** listen.backlog values with a meaning beyond their number (php-src fpm_sockets.h FPM_BACKLOG_DEFAULT). */
const BACKLOG_MEANING: Record<string, string> = {
  '-1': '-1 = the kernel limit net.core.somaxconn',
}

function poolListeningOn(facts: HostFacts, socket: string): FpmPool | undefined {
  for (const install of facts.fpm) for (const pool of install.config?.pools ?? []) if (pool.listenKind === 'unix' && pool.listen === socket) return pool
  return undefined
}

export const upstreamBacklogFull: Check = {
  needs: ['nginx-error-log'],
  meta: {
    id: 'upstream/backlog-full',
    severity: 'warning',
    summary: "An FPM pool's unix socket listen queue was full (EAGAIN on connect)",
    docs: {
      description:
        'nginx connects to unix sockets without blocking. When every FPM worker is busy, connections wait in the socket\'s listen queue (listen.backlog, capped by net.core.somaxconn); once that queue is full the kernel answers EAGAIN at once and nginx gives up on that request. Unlike TCP, a unix socket does not let the client retry later.',
      symptom: '502 Bad Gateway immediately (no wait); nginx logs `connect() to unix:... failed (11: Resource temporarily unavailable) while connecting to upstream`.',
      fix: 'Make the pool keep up (more pm.max_children if memory allows, faster requests: see fpm/max-children-reached and the slowlog); a larger listen.backlog (and net.core.somaxconn) absorbs short bursts.',
      snippet: '; pool.d/www.conf\nlisten.backlog = 1024\npm.max_children = 20\n# sysctl: net.core.somaxconn = 1024',
    },
    messages: {
      full: '{{count}} to unix:{{socket}} failed with EAGAIN (listen queue full) in the last {{window}}; {{pool}}',
    },
  },
  run(facts, context) {
    const unavailable = logUnavailable(facts, 'nginxError')
    if (unavailable === 'absent') return
    if (unavailable) return context.skip(unavailable)
    noteLogGaps(facts, 'nginxError', context)
    for (const [socket, group] of groupBy(upstreamEventsOf(facts, 'backlog-full'), (event) => event.event.socket ?? '?')) {
      const pool = poolListeningOn(facts, socket)
      const backlog = pool?.settings['listen.backlog']
      const settings = ['listen.backlog', 'pm.max_children'].map((key) => describeSetting(pool, key)).filter((line): line is string => line !== null)
      context.report({
        messageId: 'full',
        data: {
          count: plural(countText(group.length, facts.logs.nginxError), 'connect()'),
          socket,
          window: describeWindow(facts.windowSeconds),
          pool: pool
            ? `pool ${pool.name}: listen.backlog = ${backlog !== undefined ? (BACKLOG_MEANING[backlog] ?? backlog) : 'unknown'}, pm.max_children = ${pool.settings['pm.max_children'] ?? 'unknown'}`
            : 'no FPM pool read from the config listens there',
        },
        evidence: [group[group.length - 1].entry.raw, ...settings],
      })
    }
  },
}
