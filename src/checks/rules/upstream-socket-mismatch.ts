import {upstreamTargets, type UpstreamAddress, type UpstreamTarget} from '../../nginx/query.js'
import type {HostFacts} from '../../probe/facts.js'
import type {Check} from '../types.js'
import {
  canonicalPath,
  describeAddress,
  hostPools,
  isLoopback,
  poolListenAt,
  poolsServing,
  splitTcpListen,
  type HostPool,
} from '../fpm-pool-match.js'
import {nginxErrorLines} from '../log-evidence.js'
import {statOf} from '../upstream-sockets.js'
import {nginxConfigOrSkip} from '../nginx-config.js'

/** At most this many pools are named in one message. */
const POOLS_IN_MESSAGE = 2
/** How many pools the evidence lists (the message names POOLS_IN_MESSAGE and counts the rest). */
const POOLS_IN_EVIDENCE = 20

export const upstreamSocketMismatch: Check = {
  needs: ['nginx-config', 'fpm-config'],
  meta: {
    id: 'upstream/socket-mismatch',
    severity: 'critical',
    summary: 'nginx passes PHP requests to an address no FPM pool listens on, while a pool listens elsewhere',
    docs: {
      description:
        'A `fastcgi_pass` (directly or through an `upstream {}` server) names a unix socket or TCP address that no PHP-FPM pool on the host `listen`s on, while FPM pools do listen elsewhere: the two configurations disagree, typically after a PHP upgrade (php7.4-fpm.sock vs php8.2-fpm.sock) or a pool edit. This is the cause when `upstream/socket-missing` (unix) or `upstream/refused` (TCP) also fire for the same address; those say what nginx sees, this one says which pool it should have been. A path that exists as a socket (a symlink such as /run/php/php-fpm.sock, or another FastCGI server) and a TCP address on another host are not judged.',
      symptom:
        '502 Bad Gateway on every request of the location; nginx logs `(2: No such file or directory)` for a unix path or `(111: Connection refused)` for a TCP port.',
      fix: 'Make `fastcgi_pass` and the pool `listen` name the same address (change one side), `nginx -t && systemctl reload nginx` or restart FPM.',
      snippet:
        '# /etc/php/8.2/fpm/pool.d/www.conf\nlisten = /run/php/php8.2-fpm.sock\n# nginx\nfastcgi_pass unix:/run/php/php8.2-fpm.sock;',
    },
    messages: {
      mismatch: '{{pools}} but nginx passes to {{address}} ({{at}}{{more}}), where no pool listens',
    },
  },
  run(facts, context) {
    const config = nginxConfigOrSkip(facts, context)
    if (!config) return
    const targets = upstreamTargets(config).filter((target) => target.directive === 'fastcgi_pass')
    if (targets.length === 0) return
    const unread = facts.fpm.filter((install) => install.service.installed && !install.config)
    if (unread.length > 0) {
      context.skip(`FPM configuration of ${unread.map((install) => install.binary).join(', ')} could not be read`)
      return
    }
    const pools = hostPools(facts)
    // No pool at all: nothing listens "elsewhere"; socket-missing / fpm checks speak for that host.
    if (pools.length === 0) return

    // One finding per address, naming every directive that passes to it.
    const byAddress = new Map<string, Array<{target: UpstreamTarget; address: UpstreamAddress}>>()
    for (const target of targets) {
      for (const address of target.addresses) {
        if (!isJudged(facts, address) || poolsServing(pools, address).length > 0) continue
        const key = address.kind === 'unix' ? `unix:${canonicalPath(address.path)}` : describeAddress(address)
        const users = byAddress.get(key)
        if (users) users.push({target, address})
        else byAddress.set(key, [{target, address}])
      }
    }
    const ranked = new Map<string, HostPool[]>()
    for (const users of byAddress.values()) {
      const [{target, address}] = users
      // The same ranking for every address of a kind: worked out once, not once per address.
      const kind = address.kind === 'unix' ? 'unix' : 'tcp'
      const candidates = ranked.get(kind) ?? rankPools(pools, address)
      ranked.set(kind, candidates)
      const named = candidates.slice(0, POOLS_IN_MESSAGE).map(({pool}) => `pool ${pool.name} listens on ${pool.listen} (${poolListenAt(pool)})`)
      if (candidates.length > POOLS_IN_MESSAGE) named.push(`${candidates.length - POOLS_IN_MESSAGE} more pools listen elsewhere`)
      context.report({
        messageId: 'mismatch',
        data: {
          pools: named.join(', '),
          address: describeAddress(address),
          at: `${target.file}:${target.line}`,
          more: users.length > 1 ? ` and ${users.length - 1} more` : '',
        },
        evidence: [
          ...users.map(({target: t, address: a}) => directiveEvidence(t, a)),
          ...candidates.slice(0, POOLS_IN_EVIDENCE).map(({install, pool}) => `${poolListenAt(pool)}: [${pool.name}] listen = ${pool.listen} (${install.binary})`),
          // Every pool for every address would grow the report with the square of a big host.
          ...(candidates.length > POOLS_IN_EVIDENCE ? [`(${candidates.length - POOLS_IN_EVIDENCE} more pools)`] : []),
          ...connectFailures(facts, address),
        ],
      })
    }
  },
}

/**
 * Only addresses whose absence is provable here: a unix path that is not a live
 * socket (a symlink or alias to a pool socket stats as one), or a TCP address on
 * this host with no listener at all (a port served by something else is left alone).
 */
function isJudged(facts: HostFacts, address: UpstreamAddress): boolean {
  if (address.kind === 'unix') {
    const stat = statOf(facts, address.path)
    return stat !== undefined && !(stat.exists && stat.type === 'socket')
  }
  if (address.kind !== 'tcp' || address.port === null) return false
  if (!isLoopback(address.host) && address.host !== facts.system.hostname) return false
  if (facts.partial.some((missing) => missing.fact === 'listeners')) return false
  return !facts.listeners.some((listener) => listener.kind === 'tcp' && splitTcpListen(listener.address)?.port === address.port)
}

/** Pools of the same kind first (the likely intended target), then the rest. */
function rankPools(pools: readonly HostPool[], address: UpstreamAddress): HostPool[] {
  const kind = address.kind === 'unix' ? 'unix' : 'tcp'
  return [...pools.filter(({pool}) => pool.listenKind === kind), ...pools.filter(({pool}) => pool.listenKind !== kind)]
}

function directiveEvidence(target: UpstreamTarget, address: UpstreamAddress): string {
  const at = `${target.file}:${target.line}: ${target.directive} ${target.raw}`
  return 'file' in address && address.file ? `${at} -> ${address.file}:${address.line}: server ${describeAddress(address)}` : at
}

/** The connect() failures nginx logged for this address in the window. */
function connectFailures(facts: HostFacts, address: UpstreamAddress): string[] {
  const needle = address.kind === 'unix' ? `connect() to unix:${address.path} failed` : `upstream: "fastcgi://${describeAddress(address)}"`
  return nginxErrorLines(facts, (line) => line.includes(needle), 2)
}
