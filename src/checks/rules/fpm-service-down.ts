import {upstreamTargets, type UpstreamAddress} from '../../nginx/query.js'
import type {FpmInstall, HostFacts} from '../../probe/facts.js'
import {poolsServing as servingPools} from '../fpm-pool-match.js'
import type {Check} from '../types.js'
import {isRunning, serviceEvidence} from '../service-state.js'

export const fpmServiceDown: Check = {
  needs: ['fpm-service'],
  meta: {
    id: 'fpm/service-down',
    severity: 'critical',
    summary: 'A PHP-FPM service nginx depends on (or an enabled one) is not running',
    docs: {
      description:
        'The PHP-FPM master is not running, so its pool sockets are gone (or stale) and nginx cannot hand PHP requests to it.',
      symptom: '502 Bad Gateway on every PHP page; nginx logs `connect() to unix:... failed (2: No such file or directory)` at crit.',
      fix: 'Read why it died before restarting it (the unit journal, else the last FPM log lines): an OOM kill comes back under the same load, a bind error means another process holds the address, a config error means `php-fpmX.Y -t` fails. Fix that, then `systemctl start phpX.Y-fpm`.',
      snippet: 'journalctl -u php8.2-fpm -n 50 --no-pager\nphp-fpm8.2 -t && systemctl start php8.2-fpm\ntail -n 50 /var/log/php8.2-fpm.log',
    },
    messages: {
      down: '{{unit}} is {{state}}{{used}}; {{why}}',
    },
  },
  run(facts, context) {
    const addresses = nginxAddresses(facts)
    for (const install of facts.fpm) {
      if (!install.service.installed) continue
      if (install.service.active === 'unknown') {
        context.skip(`${install.service.unit} state could not be read`)
        continue
      }
      if (isRunning(install.service)) continue
      const used = poolsServing(install, addresses)
      // A disabled FPM of another PHP version that nginx never talks to is not an outage.
      if (used.length === 0 && install.service.enabled === false) continue
      const stopped = whyStopped(facts, install)
      context.report({
        messageId: 'down',
        data: {
          unit: install.service.unit,
          state: install.service.active,
          used: used.length > 0 ? `; nginx passes to its pool ${used.join(', ')}` : '',
          why: stopped.why,
        },
        evidence: [...serviceEvidence(install.service), ...stopped.evidence],
        ...(stopped.fix ? {fix: stopped.fix} : {}),
      })
    }
  },
}

/** Every address nginx passes requests to (unix or TCP, directly or through upstream {}). */
function nginxAddresses(facts: HostFacts): UpstreamAddress[] {
  return facts.nginx.config ? upstreamTargets(facts.nginx.config).flatMap((target) => target.addresses) : []
}

/** The install's pools nginx talks to, matched as the other socket checks match them. */
function poolsServing(install: FpmInstall, addresses: UpstreamAddress[]): string[] {
  const pools = (install.config?.pools ?? []).map((pool) => ({install, pool}))
  const used = new Set(addresses.flatMap((address) => servingPools(pools, address)))
  return pools.filter((entry) => used.has(entry)).map(({pool}) => `[${pool.name}] ${pool.listen}`)
}

/** What the last lines of a stopped FPM say, most telling first (systemd and php-src fpm_sockets.c / fpm.c wording). */
const STOP_CLASSES: ReadonlyArray<{label: string; pattern: RegExp; fix: string}> = [
  {
    label: 'killed by the OOM killer',
    pattern: /killed by the OOM killer|result 'oom-kill'|Out of memory: Killed process/,
    fix: 'It was killed for memory: starting it again brings the same kill under the same load. Lower pm.max_children or memory_limit (see fpm/memory-overcommit, system/oom-kill) or raise the memory limit, then start it.',
  },
  {
    label: 'bind error (another process holds its listen address)',
    pattern: /Address already in use|unable to bind listening socket/,
    fix: 'Another process (a second FPM, an old master) holds the address in `listen`: find it with `ss -xlpn` / `ss -ltnp`, stop it or change listen, then start FPM.',
  },
  {
    label: 'config error',
    pattern: /FPM initialization failed|\] (?:ERROR|ALERT): |failed to (?:load configuration file|post process the configuration)/,
    fix: 'FPM refused its configuration: run `php-fpmX.Y -t`, fix the line it names, then start it.',
  },
]

interface StopReason {
  why: string
  evidence: string[]
  fix?: string
}

/** Why the unit stopped, from its journal (systemd) or else the last lines of its own log. */
function whyStopped(facts: HostFacts, install: FpmInstall): StopReason {
  const unit = install.service.unit.replace(/\.service$/, '')
  const journal = facts.evidence.unitJournal.find((entry) => entry.unit.replace(/\.service$/, '') === unit)
  const ownLog = lastFpmLogLines(facts.logs.fpm.filter((tail) => tail.path === install.config?.global.error_log || facts.fpm.length === 1), 5)
  const lines = journal ? journal.lines.slice(-8).map((line) => `journal: ${line}`) : ownLog
  const found = STOP_CLASSES.find((entry) => lines.some((line) => entry.pattern.test(line)) || (entry.label.startsWith('killed') && install.service.result === 'oom-kill'))
  const telling = found ? lines.filter((line) => found.pattern.test(line)).slice(-3) : []
  const evidence = [...new Set([...telling, ...lines.slice(-3)])]
  const failed = facts.partial.find((fact) => [`unit-journal:${unit}`, `unit-journal:${unit}.service`].includes(fact.fact))
  const missing = journal ? '' : failed ? `unit journal not read: ${failed.reason}` : install.service.manager === 'systemd' ? 'the probe sent no unit journal' : ''
  const note = missing ? ` (${missing})` : ''
  if (found) return {why: `it stopped: ${found.label}${journal ? ' (unit journal)' : ` (FPM log)${note}`}`, evidence, fix: found.fix}
  if (lines.length > 0) return {why: `why it stopped: see the last ${journal ? 'journal' : 'log'} lines${note}`, evidence}
  return {why: `why it stopped is unknown (${missing || 'no log lines read'})`, evidence}
}

function lastFpmLogLines(tails: Array<{path: string; lines: string[]}>, count: number): string[] {
  return tails.flatMap((tail) => tail.lines.slice(-count).map((line) => `${tail.path}: ${line}`))
}
