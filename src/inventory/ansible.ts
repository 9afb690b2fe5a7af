/**
 * Reads Ansible YAML inventories as Ansible's `yaml` inventory plugin does: nested groups,
 * host ranges, `host:port` keys, the implicit `all` and `ungrouped` groups, and vars layered
 * all < groups (by depth, ansible_group_priority, name) < host.
 */
import {isDeepStrictEqual} from 'node:util'
import {settingsFromVars} from './ansible-vars.js'
import {ansibleAllowedKeys, ansibleInventory, type AnsibleGroup} from './ansible-schema.js'
import type {HostDraft, InventoryDraft} from './draft.js'
import {findCycle, groupDepths, hostMemberships, varsOrder} from './group-graph.js'
import {expandNames, mergeDefinition, type Definition} from './host-definitions.js'
import {splitHostPort} from './host-range.js'
import type {GroupSpec} from './types.js'
import {validate} from './zod-issues.js'
import type {FieldPath, YamlSource} from './yaml-source.js'

const push = (list: string[], item: string) => void (list.includes(item) || list.push(item))

export function readAnsible(source: YamlSource): InventoryDraft {
  const raw = validate(source, ansibleInventory, ansibleAllowedKeys)
  const groups = new Map<string, GroupSpec>()
  const varPaths = new Map<string, FieldPath>()
  const childRefs = new Map<string, FieldPath>()
  const filled = new Set<string>()
  const defs = new Map<string, Definition>()
  const warnings: string[] = []

  const group = (name: string): GroupSpec => {
    let g = groups.get(name)
    if (!g) groups.set(name, (g = {name, hosts: [], children: [], vars: {}}))
    return g
  }

  const visit = (name: string, def: AnsibleGroup | null, path: FieldPath): void => {
    const g = group(name)
    // The same group may be written in several places; Ansible merges them, fleet too,
    // unless two places set one variable differently.
    for (const [key, value] of Object.entries(def?.vars ?? {})) {
      const here = [...path, 'vars', key]
      const first = varPaths.get(`${name}\0${key}`)
      if (first && !isDeepStrictEqual(g.vars[key], value)) {
        const at = source.at(first)
        throw source.error(here, `group "${name}" sets ${key} differently elsewhere (${at.file}:${at.line}:${at.column})`)
      }
      varPaths.set(`${name}\0${key}`, here)
      g.vars[key] = value
    }
    for (const [key, hostVars] of Object.entries(def?.hosts ?? {})) {
      const hostPath = [...path, 'hosts', key]
      const {name: pattern, port} = splitHostPort(key)
      const vars = {...(hostVars ?? {})}
      if (port !== undefined) vars.ansible_port ??= port
      for (const host of expandNames(source, pattern, hostPath, true)) {
        mergeDefinition(source, defs, host, {settings: {}, vars, path: hostPath})
        push(g.hosts, host)
      }
    }
    for (const [child, childDef] of Object.entries(def?.children ?? {})) {
      const childPath = [...path, 'children', child]
      childRefs.set(`${name}\0${child}`, childPath)
      push(g.children, child)
      visit(child, childDef, childPath)
    }
    if (def?.hosts || def?.children || def?.vars) filled.add(name)
  }

  for (const [name, def] of Object.entries(raw)) visit(name, def, [name])

  // Ansible's reconcile_inventory: parentless groups hang under all; hosts in no group are ungrouped.
  const all = group('all')
  const ungrouped = group('ungrouped')
  const childNames = new Set([...groups.values()].flatMap((g) => g.children))
  for (const name of groups.keys()) if (name !== 'all' && !childNames.has(name)) push(all.children, name)

  const cycle = findCycle(groups)
  if (cycle) {
    const [parent, child] = cycle.slice(-2)
    throw source.error(childRefs.get(`${parent}\0${child}`) ?? [parent], `cycle in children: ${cycle.join(' -> ')}`, true)
  }
  for (const [key, path] of childRefs) {
    const name = key.split('\0')[1]
    if (!filled.has(name) && groups.get(name)?.hosts.length === 0 && groups.get(name)?.children.length === 0) {
      const at = source.keyAt(path)
      warnings.push(`${at.file}:${at.line}:${at.column}: group "${name}" has no hosts`)
    }
  }

  let members = hostMemberships(groups)
  for (const host of defs.keys()) {
    if ([...(members.get(host) ?? [])].every((g) => g === 'all' || g === 'ungrouped')) push(ungrouped.hosts, host)
  }
  members = hostMemberships(groups)

  const depths = groupDepths(groups)
  const priority = (g: string) => Number(groups.get(g)?.vars.ansible_group_priority ?? 1)
  const hosts: HostDraft[] = [...defs].map(([name, def]) => {
    const ordered = varsOrder(members.get(name) ?? [], depths, priority)
    const vars: Record<string, unknown> = Object.assign({}, ...ordered.map((g) => groups.get(g)?.vars), def.vars)
    return {
      name,
      settings: settingsFromVars(vars),
      vars,
      groups: ordered.filter((g) => g !== 'all').sort(),
      source: source.keyAt(def.path),
    }
  })
  return {format: 'ansible', hosts, groups, warnings}
}
