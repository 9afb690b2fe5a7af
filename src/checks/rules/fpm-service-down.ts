import {upstreamTargets, type UpstreamAddress} from '../../nginx/query.js'
import type {FpmInstall, HostFacts} from '../../probe/facts.js'
import {poolsServing as servingPools} from '../fpm-pool-match.js'
import type {Check} from '../types.js'
import {isRunning, serviceEvidence} from '../service-state.js'

export const fpmServiceDown: Check = {
  meta: {
    id: 'fpm/service-down',
    severity: 'critical',
    summary: 'A PHP-FPM service nginx depends on (or an enabled one) is not running',
    docs: {
      description:
        'The PHP-FPM master is not running, so its pool sockets are gone (or stale) and nginx cannot hand PHP requests to it.',
      symptom: '502 Bad Gateway on every PHP page; nginx logs `connect() to unix:... failed (2: No such file or directory)` at crit.',
      fix: 'Read the last FPM log lines for why it stopped, check the config with `php-fpmX.Y -t`, then `systemctl start phpX.Y-fpm`.',
      snippet: 'php-fpm8.2 -t && systemctl start php8.2-fpm\ntail -n 50 /var/log/php8.2-fpm.log',
    },
    messages: {
      down: '{{unit}} is {{state}}{{used}}',
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
      context.report({
        messageId: 'down',
        data: {
          unit: install.service.unit,
          state: install.service.active,
          used: used.length > 0 ? `; nginx passes to its pool ${used.join(', ')}` : '',
        },
        evidence: [...serviceEvidence(install.service), ...lastFpmLogLines(facts.logs.fpm, 3)],
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

function lastFpmLogLines(tails: Array<{path: string; lines: string[]}>, count: number): string[] {
  return tails.flatMap((tail) => tail.lines.slice(-count).map((line) => `${tail.path}: ${line}`))
}
