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
    // One messageId per reason it stopped: the cause line lets an OOM kill explain only what it can.
    messages: {
      down: '{{unit}} is {{state}}{{used}}; {{why}}',
      oom: '{{unit}} is {{state}}{{used}}; {{why}}',
      bind: '{{unit}} is {{state}}{{used}}; {{why}}',
      config: '{{unit}} is {{state}}{{used}}; {{why}}',
      stopped: '{{unit}} is {{state}}{{used}}; {{why}}',
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
        messageId: stopped.kind ?? 'down',
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
const STOP_CLASSES: ReadonlyArray<{kind: StopKind; label: string; pattern: RegExp; fix: string}> = [
  {
    kind: 'oom',
    label: 'killed by the OOM killer',
    pattern: /killed by the OOM killer|result 'oom-kill'|Out of memory: Killed process/,
    fix: 'It was killed for memory: starting it again brings the same kill under the same load. Lower pm.max_children or memory_limit (see fpm/memory-overcommit, system/oom-kill) or raise the memory limit, then start it.',
  },
  {
    kind: 'bind',
    label: 'bind error (another process holds its listen address)',
    pattern: /Address already in use|unable to bind listening socket/,
    fix: 'Another process (a second FPM, an old master) holds the address in `listen`: find it with `ss -xlpn` / `ss -ltnp`, stop it or change listen, then start FPM.',
  },
  {
    kind: 'config',
    label: 'config error',
    pattern: /FPM initialization failed|\] (?:ERROR|ALERT): |failed to (?:load configuration file|post process the configuration)/,
    fix: 'FPM refused its configuration: run `php-fpmX.Y -t`, fix the line it names, then start it.',
  },
  {
    // systemd's words for a clean stop (systemctl stop, a shutdown, a package upgrade that did not start it again).
    kind: 'stopped',
    label: 'stopped cleanly (systemctl stop or similar, not a crash)',
    pattern: /: Deactivated successfully\.|systemd\[1\]: Stopped |: Succeeded\.$/,
    fix: 'Someone or something stopped it on purpose (systemctl stop, a deploy, a package upgrade): check with whoever runs the host, then `systemctl start phpX.Y-fpm` (and `systemctl enable` it if it should survive a reboot).',
  },
]

type StopKind = 'oom' | 'bind' | 'config' | 'stopped'

interface StopReason {
  kind?: StopKind
  why: string
  evidence: string[]
  fix?: string
}

/** Why the unit stopped, from its journal (systemd) or else the last lines of its own log. */
function whyStopped(facts: HostFacts, install: FpmInstall): StopReason {
  const unit = install.service.unit.replace(/\.service$/, '')
  const journal = facts.evidence.unitJournal.find((entry) => entry.unit.replace(/\.service$/, '') === unit)
  const ownLog = lastFpmLogLines(facts.logs.fpm.filter((tail) => tail.path === install.config?.global.error_log || facts.fpm.length === 1), 5)
  const lines = journal ? journal.lines.map((line) => `journal: ${line}`) : ownLog
  // Only the last run tells why it is down now: an OOM kill of an earlier run, started again since, is history.
  const lastRun = journal ? sinceLastStart(lines) : lines
  const found = STOP_CLASSES.find((entry) => lastRun.some((line) => entry.pattern.test(line)) || (entry.label.startsWith('killed') && install.service.result === 'oom-kill'))
  // The lines that say why (the specific ALERT/ERROR before systemd's own), then the last ones.
  const telling = found ? lastRun.filter((line) => found.pattern.test(line)).slice(-4) : []
  const evidence = [...new Set([...telling, ...lines.slice(-3)])]
  const failed = facts.partial.find((fact) => [`unit-journal:${unit}`, `unit-journal:${unit}.service`].includes(fact.fact))
  const missing = journal ? '' : failed ? `unit journal not read: ${failed.reason}` : install.service.manager === 'systemd' ? 'the probe sent no unit journal' : ''
  const note = missing ? ` (${missing})` : ''
  if (found) return {kind: found.kind, why: `it stopped: ${found.label}${journal ? ' (unit journal)' : ` (FPM log)${note}`}`, evidence, fix: found.fix}
  if (lines.length > 0) return {why: `why it stopped: see the last ${journal ? 'journal' : 'log'} lines${note}`, evidence}
  return {why: `why it stopped is unknown (${missing || 'no log lines read'})`, evidence}
}

// systemd's words for starting a unit, in `journalctl -u UNIT` (so the unit's own): `Starting php8.2-fpm.service - The PHP ...`
// (systemd 247+; before, only the description: `Starting The PHP 8.2 FastCGI Process Manager...`), then `Started ...`.
const START = / systemd\[\d+\]: Start(?:ing|ed) /

/**
 * The journal lines from the unit's last start on (all of them when no start is in the tail). From `Starting`,
 * not `Started`: a start that fails logs FPM's ERROR/ALERT lines after `Starting` and then systemd's `Failed`.
 */
function sinceLastStart(lines: string[]): string[] {
  for (let i = lines.length - 1; i >= 0; i--) if (START.test(lines[i])) return lines.slice(i)
  return lines
}

function lastFpmLogLines(tails: Array<{path: string; lines: string[]}>, count: number): string[] {
  return tails.flatMap((tail) => tail.lines.slice(-count).map((line) => `${tail.path}: ${line}`))
}
