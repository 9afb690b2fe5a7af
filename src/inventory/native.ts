/** Reads the native format: `defaults`, `hosts`, `groups` (see inventory.example.yml). */
import type {HostDraft, HostSettings, InventoryDraft} from './draft.js'
import {findCycle, groupDepths, hostMemberships, varsOrder} from './group-graph.js'
import {expandNames, mergeDefinition} from './host-definitions.js'
import {nativeAllowedKeys, nativeInventory, type NativeHost} from './native-schema.js'
import {didYouMean} from './suggest.js'
import type {GroupSpec} from './types.js'
import {validate} from './zod-issues.js'
import type {FieldPath, YamlSource} from './yaml-source.js'

function settingsOf(h: NativeHost): HostSettings {
  if (!h) return {}
  const s: HostSettings = {
    address: h.address,
    port: h.port,
    user: h.user,
    identityFiles: h.identity_file === undefined ? undefined : [h.identity_file].flat(),
    sudo: h.sudo,
    connection: h.connection,
    proxyJump: h.proxy_jump,
  }
  for (const k of Object.keys(s) as (keyof HostSettings)[]) if (s[k] === undefined) delete s[k]
  return s
}

export function readNative(source: YamlSource): InventoryDraft {
  const raw = validate(source, nativeInventory, nativeAllowedKeys)
  const defaults = settingsOf(raw.defaults ?? null)
  const defaultVars = raw.defaults?.vars ?? {}

  // Host definitions; a range key like web[01:04] defines several hosts at once.
  const defs = new Map<string, {settings: HostSettings; vars: Record<string, unknown>; path: FieldPath}>()
  for (const [key, host] of Object.entries(raw.hosts)) {
    const path = ['hosts', key]
    for (const name of expandNames(source, key, path, true)) {
      mergeDefinition(source, defs, name, {settings: settingsOf(host), vars: host?.vars ?? {}, path})
    }
  }

  const groups = new Map<string, GroupSpec>()
  const childRefs = new Map<string, FieldPath>()
  const rawGroups = raw.groups ?? {}
  for (const [name, g] of Object.entries(rawGroups)) {
    const spec: GroupSpec = {name, hosts: [], children: [], vars: g?.vars ?? {}}
    ;(g?.hosts ?? []).forEach((ref, i) => {
      const path = ['groups', name, 'hosts', i]
      for (const host of expandNames(source, ref, path)) {
        if (!defs.has(host)) {
          const hint = didYouMean(host, defs.keys())
          throw source.error(path, `unknown host "${host}"${hint || '; define it under hosts'}`)
        }
        if (!spec.hosts.includes(host)) spec.hosts.push(host)
      }
    })
    ;(g?.children ?? []).forEach((child, i) => {
      const path = ['groups', name, 'children', i]
      if (!Object.hasOwn(rawGroups, child)) throw source.error(path, `unknown group "${child}"${didYouMean(child, Object.keys(rawGroups))}`)
      if (!spec.children.includes(child)) spec.children.push(child)
      childRefs.set(`${name}\0${child}`, path)
    })
    groups.set(name, spec)
  }

  const cycle = findCycle(groups)
  if (cycle) {
    const [parent, child] = cycle.slice(-2)
    throw source.error(childRefs.get(`${parent}\0${child}`) ?? ['groups', parent], `cycle in children: ${cycle.join(' -> ')}`)
  }

  const depths = groupDepths(groups)
  const members = hostMemberships(groups)
  const hosts: HostDraft[] = [...defs].map(([name, def]) => {
    const inGroups = varsOrder(members.get(name) ?? [], depths)
    const vars = Object.assign({}, defaultVars, ...inGroups.map((g) => groups.get(g)?.vars), def.vars)
    return {
      name,
      settings: {...defaults, ...def.settings},
      vars,
      groups: [...inGroups].sort(),
      source: source.keyAt(def.path),
    }
  })
  return {format: 'native', hosts, groups, warnings: []}
}
