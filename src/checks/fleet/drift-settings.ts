/**
 * The settings fleet/config-drift compares across a group, read from one host's facts:
 * what the checks depend on, each as `context setting` => value and FILE:LINE.
 * Collecting only: the judging is in ../rules/fleet-config-drift.ts.
 */
import {describeAddress, hostPools, poolSettingAt} from '../fpm-pool-match.js'
import {effective, upstreamTargets, type UpstreamTarget} from '../../nginx/query.js'
import type {NginxConfig, NginxDirective} from '../../nginx/types.js'
import {phpSetting} from '../php-settings.js'
import type {HostFacts} from '../../probe/facts.js'

export interface DriftSetting {
  /** Context and setting, e.g. `server[example.com] > location[~ \.php$] fastcgi_read_timeout`, `pool[www] pm.max_children`. */
  key: string
  value: string
  /** FILE:LINE where the value is written, or 'default'. */
  at: string
}

/** nginx directives judged at every location that passes requests upstream. */
const NGINX_AT_PASS = ['client_max_body_size', 'large_client_header_buffers'] as const
/** Only meaningful where the pass is FastCGI. */
const NGINX_AT_FASTCGI = ['fastcgi_read_timeout'] as const
/** Pool keys judged: listen, every pm.* key, the timeout (the PHP memory limit is judged as the pool runs it, below). */
const POOL_KEY = /^(?:listen|pm(?:\..+)?|request_terminate_timeout)$/

/** null when the host's configuration could not be read: it is left out of the comparison. */
export function driftSettings(facts: HostFacts): DriftSetting[] | null {
  const config = facts.nginx.config
  const poolsRead = facts.fpm.every((install) => install.config !== null && install.config !== undefined)
  if ((facts.nginx.installed && !config) || !poolsRead) return null
  const out = new Map<string, DriftSetting>()
  const add = (setting: DriftSetting) => {
    if (!out.has(setting.key)) out.set(setting.key, setting)
  }
  if (config) {
    const names = rankedNames(config)
    for (const target of upstreamTargets(config)) nginxSettings(config, target, names).forEach(add)
  }
  for (const ref of hostPools(facts)) {
    const {pool} = ref
    for (const key of Object.keys(pool.settings).filter((name) => POOL_KEY.test(name)).sort()) {
      add({key: `pool[${pool.name}] ${key}`, value: pool.settings[key], at: poolSettingAt(pool, key) ?? 'default'})
    }
    // memory_limit as the pool runs it: php_admin_value / php_value in the pool, else php.ini; unknown is left out.
    const limit = phpSetting(facts, ref, 'memory_limit')
    if (limit.known) add({key: `pool[${pool.name}] memory_limit`, value: limit.value, at: limit.at})
  }
  return [...out.values()]
}

function nginxSettings(config: NginxConfig, target: UpstreamTarget, blockNames: ReadonlyMap<NginxDirective, string>): DriftSetting[] {
  const context = target.chain.map((node) => blockNames.get(node) ?? contextName(node)).join(' > ')
  const addresses = target.addresses.map((address) => (address.kind === 'variable' ? address.raw : describeAddress(address)))
  const out: DriftSetting[] = [
    {
      key: `${context} ${target.directive}`,
      value: target.upstream ? `${target.upstream} (${addresses.join(', ')})` : addresses.join(', ') || target.raw,
      at: target.upstreamFile ? `${target.upstreamFile}:${target.upstreamLine}` : `${target.file}:${target.line}`,
    },
  ]
  const names = [...NGINX_AT_PASS, ...(target.directive === 'fastcgi_pass' ? NGINX_AT_FASTCGI : [])]
  for (const name of names) {
    const value = effective(config, target.chain, name)
    out.push({
      key: `${context} ${name}`,
      value: value.args.join(' ') + (value.isDefault ? ' (default)' : ''),
      at: value.file ? `${value.file}:${value.line}` : 'default',
    })
  }
  return out
}

/**
 * Every block's name in its context path, `#2` on the second sibling of the same name
 * (`server[shop]` on :80, `server[shop]#2` on :443), as fleet diff names them. One pass.
 */
export function rankedNames(config: NginxConfig): Map<NginxDirective, string> {
  const out = new Map<NginxDirective, string>()
  const visit = (block: readonly NginxDirective[]) => {
    const seen = new Map<string, number>()
    for (const node of block) {
      if (node.block === undefined) continue
      const base = contextName(node)
      const rank = (seen.get(base) ?? 0) + 1
      seen.set(base, rank)
      out.set(node, rank === 1 ? base : `${base}#${rank}`)
      visit(node.block)
    }
  }
  visit(config.tree)
  return out
}

export function contextName(node: NginxDirective): string {
  if (node.directive === 'server') {
    const names = (node.block ?? []).filter((d) => d.directive === 'server_name').flatMap((d) => d.args)
    return `server[${names[0] ?? ''}]`
  }
  return node.args.length > 0 ? `${node.directive}[${node.args.join(' ')}]` : node.directive
}
