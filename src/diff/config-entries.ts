/**
 * One host's effective configuration as comparable entries: every nginx directive under
 * its context path (`http > server[shop] > location[~ \.php$]`), read from the
 * crossplane-shaped tree with includes inlined, and every FPM setting per pool.
 */
import {contextName} from '../checks/fleet/drift-settings.js'
import type {NginxDirective} from '../nginx/types.js'
import type {HostFacts} from '../probe/facts.js'

export interface ConfigValue {
  value: string
  /** FILE:LINE, or 'default'. */
  at: string
}

export interface ConfigEntry {
  kind: 'nginx' | 'fpm'
  /** Enclosing blocks, e.g. `http > server[shop]`; `pool[www]` or `global` for FPM; '' for nginx's main context. */
  context: string
  /** The directive or key; a block is listed under its own name with the value `{...}`. */
  setting: string
  /** Every occurrence in this context, in order (`listen 80; listen 443`). */
  values: ConfigValue[]
}

/** Entries by `kind context setting`. */
export type ConfigEntries = Map<string, ConfigEntry>

export const entryKey = (entry: Pick<ConfigEntry, 'kind' | 'context' | 'setting'>): string => `${entry.kind}\u0000${entry.context}\u0000${entry.setting}`

export function configEntries(facts: HostFacts): ConfigEntries {
  const out: ConfigEntries = new Map()
  const add = (kind: ConfigEntry['kind'], context: string, setting: string, value: ConfigValue) => {
    const key = entryKey({kind, context, setting})
    const entry = out.get(key)
    if (entry) entry.values.push(value)
    else out.set(key, {kind, context, setting, values: [value]})
  }
  if (facts.nginx.config) nginxEntries(facts.nginx.config.tree, '', add)
  for (const install of facts.fpm) {
    const config = install.config
    if (!config) continue
    for (const key of Object.keys(config.global).sort()) add('fpm', 'global', key, {value: config.global[key], at: where(config.globalWhere[key])})
    for (const pool of config.pools) {
      for (const key of Object.keys(pool.settings).sort()) add('fpm', `pool[${pool.name}]`, key, {value: pool.settings[key], at: where(pool.where[key])})
    }
  }
  return out
}

const where = (at: string | undefined): string => at ?? 'default'

type Add = (kind: 'nginx', context: string, setting: string, value: ConfigValue) => void

function nginxEntries(block: readonly NginxDirective[], context: string, add: Add): void {
  // Two sibling blocks with the same name (server[shop] on :80 and on :443) are told apart by their rank.
  const seen = new Map<string, number>()
  for (const node of block) {
    const at = `${node.file}:${node.line}`
    if (node.block === undefined) {
      // Includes are inlined in the tree: what they pulled in is compared, not the glob that did it.
      if (node.directive !== 'include') add('nginx', context, node.directive, {value: node.args.join(' '), at})
      continue
    }
    const base = contextName(node)
    const rank = (seen.get(base) ?? 0) + 1
    seen.set(base, rank)
    const name = rank === 1 ? base : `${base}#${rank}`
    add('nginx', context, name, {value: '{...}', at})
    nginxEntries(node.block, context ? `${context} > ${name}` : name, add)
  }
}
