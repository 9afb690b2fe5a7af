import {effective, parseDuration, upstreamTargets, type UpstreamTarget} from '../../nginx/query.js'
import {parseFpmDuration} from '../../fpm/durations.js'
import type {HostFacts} from '../../probe/facts.js'
import type {Check} from '../types.js'
import {describeAddress, hostPools, poolSettingAt, poolsServing, type HostPool} from '../fpm-pool-match.js'
import {windowedLogs} from '../windowed-logs.js'
import {classifyNginxError, upstreamAddress} from '../../logs/index.js'
import {nginxConfigOrSkip} from '../nginx-config.js'

/** The nginx side of the race and the FPM side (php-src default: 0 = never terminate). */
const NGINX_TIMEOUT = 'fastcgi_read_timeout'
const FPM_TIMEOUT = 'request_terminate_timeout'

/** Pools judged per pass: a real address has one (FPM refuses a second on the same socket). */
const POOLS_PER_ADDRESS = 4

export const timeoutsOrder: Check = {
  needs: ['nginx-config', 'fpm-config'],
  meta: {
    id: 'timeouts/order',
    severity: 'warning',
    summary: "nginx gives up on a PHP request before FPM's request_terminate_timeout ends it",
    docs: {
      description:
        "For each PHP location, nginx's effective `fastcgi_read_timeout` (default 60s; the time between two reads, so the whole wait for a script that prints nothing until it ends) is compared with the `request_terminate_timeout` of the pool it passes to (found through the socket or port). When nginx's timeout is not longer, nginx answers 504 and drops the connection while the FPM worker keeps running the script, holding a child (and locks) for nothing. When the pool's value is 0 (off, the php-src default) FPM never ends a request: reported as a warning when nginx timed out on that pool in the window, otherwise as info (the stock Debian setup; PHP's max_execution_time counts CPU time on Linux, not time spent waiting on the database or network).",
      symptom:
        '504 Gateway Time-out after fastcgi_read_timeout; nginx logs `upstream timed out (110: Connection timed out) while reading response header from upstream`; FPM later counts the busy child, never the script name.',
      fix: "Set the pool's request_terminate_timeout a little below nginx's fastcgi_read_timeout (e.g. 55s for 60s), so FPM ends the script, logs `execution timed out` with its name and frees the child.",
      snippet: '; /etc/php/8.2/fpm/pool.d/www.conf\nrequest_terminate_timeout = 55s\n# nginx (location ~ \\.php$)\nfastcgi_read_timeout 60s;',
    },
    messages: {
      order: '{{location}}: nginx {{nginxValue}} ({{nginxAt}}) is not longer than pool {{pool}} {{fpmValue}} ({{fpmAt}}): nginx answers 504 while the script still runs',
      terminateOff:
        '{{location}}: pool {{pool}} never ends a request ({{fpmValue}}, {{fpmAt}}) while nginx gives up after {{nginxValue}} ({{nginxAt}}){{seen}}',
    },
  },
  run(facts, context) {
    const config = nginxConfigOrSkip(facts, context)
    if (!config) return
    const targets = upstreamTargets(config).filter((target) => target.directive === 'fastcgi_pass')
    if (targets.length === 0) return
    const pools = hostPools(facts)
    if (pools.length === 0) {
      if (facts.fpm.length > 0) context.skip('FPM pools could not be read')
      return
    }
    const timeouts = timedOutByAddress(facts)
    const seen = new Set<string>()
    for (const target of targets) {
      const nginxValue = effective(config, target.chain, NGINX_TIMEOUT)
      const nginxSeconds = parseDuration(nginxValue.args[0] ?? '')
      if (nginxSeconds === null) continue // nginx -t rejects it: nginx/config-invalid says so
      const location = locationOf(target)
      const nginxAt = nginxValue.file ? `${nginxValue.file}:${nginxValue.line}` : 'default'
      // FPM lets one pool hold an address; a host claiming thousands for every location would
      // make findings grow with their product.
      for (const {pool} of servingPools(pools, target).slice(0, POOLS_PER_ADDRESS)) {
        const key = `${location}|${pool.name}`
        if (seen.has(key)) continue
        seen.add(key)
        const fpmRaw = pool.settings[FPM_TIMEOUT] ?? '0'
        const fpmSeconds = parseFpmDuration(fpmRaw)
        if (fpmSeconds === null) continue // FPM refuses it: fpm/config-invalid says so
        const data = {
          location,
          pool: pool.name,
          nginxValue: `${NGINX_TIMEOUT} ${nginxValue.args.join(' ')}`,
          nginxAt,
          fpmValue: `${FPM_TIMEOUT} = ${fpmRaw}`,
          fpmAt: poolSettingAt(pool, FPM_TIMEOUT) ?? 'default',
        }
        const evidence = [`${nginxAt}: ${data.nginxValue}`, `${data.fpmAt}: [${pool.name}] ${data.fpmValue}`]
        if (fpmSeconds === 0) {
          const names = serverNames(target)
          const lines = target.addresses
            .flatMap((address) => timeouts.get(describeAddress(address)) ?? [])
            .filter((entry) => entry.server === undefined || names.includes(entry.server))
            .map((entry) => entry.raw)
          context.report({
            messageId: 'terminateOff',
            data: {...data, seen: lines.length > 0 ? `; nginx timed out ${lines.length} time${lines.length === 1 ? '' : 's'} in window` : ''},
            evidence: [...evidence, ...lines.slice(-1)],
            severity: lines.length > 0 ? 'warning' : 'info',
          })
        } else if (nginxSeconds <= fpmSeconds) {
          context.report({messageId: 'order', data, evidence})
        }
      }
    }
  },
}

/** `location ~ \.php$ (FILE:LINE)` of the innermost location around the pass, else the directive itself. */
function locationOf(target: UpstreamTarget): string {
  const node = [...target.chain].reverse().find((block) => block.directive === 'location')
  return node ? `location ${node.args.join(' ')} (${node.file}:${node.line})` : `${target.directive} (${target.file}:${target.line})`
}

function servingPools(pools: readonly HostPool[], target: UpstreamTarget): HostPool[] {
  const out = new Set<HostPool>()
  for (const address of target.addresses) for (const found of poolsServing(pools, address)) out.add(found)
  return [...out]
}

/**
 * What nginx writes as `server:` in error lines for requests of this server block:
 * its first server_name, '' when it has none (ngx_http_log_error_handler).
 */
function serverNames(target: UpstreamTarget): string[] {
  const server = target.chain.find((block) => block.directive === 'server')
  const names = (server?.block ?? []).filter((d) => d.directive === 'server_name').flatMap((d) => d.args)
  return names.length > 0 ? names.slice(0, 1) : ['']
}

type TimedOut = {raw: string; server?: string}

/** `upstream timed out` lines in the window, by nginx's address (`unix:/path`, `host:port`). */
function timedOutByAddress(facts: HostFacts): Map<string, TimedOut[]> {
  const out = new Map<string, TimedOut[]>()
  for (const entry of windowedLogs(facts).nginxError) {
    // A timeout while connecting is a full backlog, not this race.
    if (classifyNginxError(entry)?.class !== 'timed-out' || !/reading/.test(entry.action ?? '')) continue
    const address = upstreamAddress(entry.upstream)
    if (!address) continue
    const list = out.get(address)
    if (list) list.push({raw: entry.raw, server: entry.server})
    else out.set(address, [{raw: entry.raw, server: entry.server}])
  }
  return out
}
