import type {Check} from '../types.js'
import {fpmEventsOf, fpmLine, poolOf, type FpmEvent} from '../fpm-log-events.js'
import {groupBy, topCounts} from '../log-group.js'
import {isFpmProcess, oomKills, type OomKill} from '../log-kernel-oom.js'
import {countText, describeWindow, logUnavailable, noteLogGaps, plural} from '../log-window.js'

/** Who usually sends each fatal signal, and what to do about it. */
const SIGNAL_CAUSES: Record<string, string> = {
  SIGKILL: 'SIGKILL comes from outside PHP: the kernel OOM killer, an operator or a watchdog (`kill -9`), or FPM itself after process_control_timeout on reload',
  SIGSEGV: 'SIGSEGV is a crash inside PHP: usually an extension (opcache, xdebug, a PECL module) or infinite recursion; enable core dumps to get a backtrace',
  SIGBUS: 'SIGBUS is a bad memory access: often a truncated file that was mmap()ed (opcache file cache, a replaced .so) or a full /dev/shm',
  SIGABRT: 'SIGABRT is PHP aborting itself on a failed internal assertion or heap corruption: check the extensions',
}

export const fpmChildKilled: Check = {
  needs: ['fpm-log'],
  meta: {
    id: 'fpm/child-killed',
    severity: 'warning',
    summary: 'PHP-FPM workers died on a fatal signal (SIGKILL, SIGSEGV, SIGBUS, SIGABRT)',
    docs: {
      description:
        'A worker process ended on a signal FPM did not send as part of normal pool management. The request it was serving is lost. SIGKILL usually means the OOM killer (see system/oom-kill) or a manual kill; SIGSEGV/SIGBUS/SIGABRT mean PHP crashed.',
      symptom:
        '502 Bad Gateway for the request in flight: nginx logs `recv() failed (104: Connection reset by peer)` or `upstream prematurely closed connection`.',
      fix: 'For SIGKILL, check system/oom-kill and memory limits; for crashes, get a core dump (`rlimit_core = unlimited` in the pool) and disable extensions one by one.',
      snippet: '; pool.d/www.conf (to capture crashes)\nrlimit_core = unlimited\n; and: sysctl kernel.core_pattern=/var/crash/core.%e.%p',
    },
    messages: {
      killed: 'pool {{pool}}: {{count}} died on {{signals}} in the last {{window}}{{oom}}',
    },
  },
  run(facts, context) {
    const unavailable = logUnavailable(facts, 'fpm')
    if (unavailable === 'absent') return
    if (unavailable) return context.skip(unavailable)
    noteLogGaps(facts, 'fpm', context)
    const oom = facts.logs.kernel ? oomKills(facts).filter((kill) => isFpmProcess(kill.name)) : []
    for (const [name, events] of groupBy(fpmEventsOf(facts, 'child-killed'), poolOf)) {
      const last = events[events.length - 1]
      const signals = [...new Set(events.map((event) => event.event.signal ?? '?'))]
      const link = signals.includes('SIGKILL') ? oomLink(events, oom) : null
      context.report({
        messageId: 'killed',
        data: {
          pool: name,
          count: plural(countText(events.length, facts.logs.fpm), 'worker'),
          signals: signals.length === 1 ? signals[0] : topCounts(events.map((event) => event.event.signal ?? '?'), 4),
          window: describeWindow(facts.windowSeconds),
          oom: link ? `; ${link.note} (system/oom-kill)` : '',
        },
        evidence: [
          ...[...groupBy(events, (event) => event.event.signal ?? '?').values()].map((group) => fpmLine(group[group.length - 1])),
          ...(link ? [link.kills[link.kills.length - 1].raw] : []),
        ],
        fix: [
          ...(link ? ['The workers were OOM-killed: lower pm.max_children or memory_limit, or raise the memory limit (see system/oom-kill).'] : []),
          ...signals.map((signal) => SIGNAL_CAUSES[signal]).filter(Boolean).map((cause) => `${cause}.`),
        ].join(' '),
      })
    }
  },
}

// The kernel and FPM stamp the same kill within a second or two; allow for a slow log flush.
const SAME_TIME_SECONDS = 5

/**
 * How strongly the kernel OOM kills back the SIGKILLs, strongest first: the same pid
 * (no pid namespace), a php-fpm kill at the same time (containers log host pids),
 * or just a php-fpm kill somewhere in the window.
 */
function oomLink(events: FpmEvent[], oom: OomKill[]): {note: string; kills: OomKill[]} | null {
  const killed = events.filter((event) => event.event.signal === 'SIGKILL')
  const pids = new Set(killed.map((event) => event.event.pid))
  const samePid = oom.filter((kill) => pids.has(kill.pid))
  if (samePid.length > 0) return {note: `the kernel OOM killer killed pid ${samePid.map((kill) => kill.pid).join(', ')}`, kills: samePid}
  const near = (kill: OomKill) =>
    kill.time !== null && killed.some((event) => event.entry.time !== null && Math.abs(event.entry.time - kill.time!) <= SAME_TIME_SECONDS)
  const sameTime = oom.filter(near)
  if (sameTime.length > 0) {
    return {note: `the kernel OOM killer killed ${plural(sameTime.length, 'php-fpm process', 'php-fpm processes')} at the same time`, kills: sameTime}
  }
  if (oom.length > 0) return {note: `the kernel OOM killer killed ${plural(oom.length, 'php-fpm process', 'php-fpm processes')} in the same window`, kills: oom}
  return null
}
