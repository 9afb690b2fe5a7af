import type {Check} from '../types.js'
import {groupBy} from '../log-group.js'
import {isFpmProcess, oomKills} from '../log-kernel-oom.js'
import {countText, describeWindow, plural} from '../log-window.js'

/** What an OOM kill means depends on who set the limit: the machine or a cgroup. */
const OOM_KINDS: Record<string, {scope: string; fix: string}> = {
  'Out of memory': {
    scope: 'the machine ran out of memory',
    fix: 'Lower what the biggest consumers may take (for FPM: pm.max_children x worker RSS, memory_limit in php.ini), or add RAM/swap. Check fpm/memory-overcommit.',
  },
  'Memory cgroup out of memory': {
    scope: 'a cgroup memory limit was hit',
    fix: 'The process hit its cgroup limit (systemd MemoryMax=, a container limit): raise the limit or lower pm.max_children / memory_limit so the pool fits in it.',
  },
}

export const systemOomKill: Check = {
  needs: ['kernel-log'],
  meta: {
    id: 'system/oom-kill',
    severity: 'critical',
    summary: 'The kernel OOM killer killed a process in the window',
    docs: {
      description:
        'The kernel ran out of memory (for the whole machine, or inside a cgroup limit) and killed a process to free some. When it kills a PHP-FPM worker the request it served is lost; when it kills nginx or the FPM master, the site goes down.',
      symptom:
        '502 Bad Gateway (nginx sees `recv() failed (104: Connection reset by peer)` from the killed worker); FPM logs `child N exited on signal 9 (SIGKILL)`.',
      fix: 'Find the memory hog in the kernel report; lower FPM pm.max_children or php memory_limit, or raise the (cgroup) memory limit.',
      snippet: '; pool.d/www.conf\npm.max_children = 10   ; 10 x 80 MB RSS < available RAM\nphp_admin_value[memory_limit] = 128M\n# systemd: systemctl edit php8.2-fpm -> [Service] MemoryMax=2G',
    },
    messages: {
      killed: 'kernel OOM killer killed {{name}} {{count}} in the last {{window}} (last pid {{pid}}): {{scope}}',
    },
  },
  run(facts, context) {
    if (!facts.logs.kernel) {
      // That host already gets host/partial from the probe: no second alarm.
      context.skip(`kernel log not readable: ${facts.partial.find((fact) => fact.fact === 'kernel-log')?.reason ?? 'unknown reason'}`)
      return
    }
    const byName = groupBy(oomKills(facts), (kill) => kill.name)
    // PHP-FPM first: it is what this tool's operators act on.
    const names = [...byName.keys()].sort((a, b) => Number(isFpmProcess(b)) - Number(isFpmProcess(a)))
    for (const name of names) {
      const kills = byName.get(name)!
      const last = kills[kills.length - 1]
      const kind = OOM_KINDS[last.kind] ?? OOM_KINDS['Out of memory']
      context.report({
        messageId: 'killed',
        data: {
          name,
          count: plural(countText(kills.length, [facts.logs.kernel]), 'time'),
          window: describeWindow(facts.windowSeconds),
          pid: last.pid,
          scope: last.kind ? kind.scope : 'no `Killed process` line kept, only the summary',
        },
        evidence: [last.raw, ...(last.summary && last.summary !== last.raw ? [last.summary] : [])],
        fix: kind.fix,
      })
    }
  },
}
