/**
 * Group hierarchy helpers shared by both formats: cycles, ancestry and the order in which
 * group vars are layered (Ansible's sort_groups: depth, then priority, then name).
 */
import type {GroupSpec} from './types.js'

/** The first cycle found in `children` edges, as [a, b, ..., a], or undefined. */
export function findCycle(groups: Map<string, GroupSpec>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>()
  const stack: string[] = []
  const visit = (name: string): string[] | undefined => {
    if (state.get(name) === 'done') return undefined
    if (state.get(name) === 'open') return [...stack.slice(stack.indexOf(name)), name]
    state.set(name, 'open')
    stack.push(name)
    for (const child of groups.get(name)?.children ?? []) {
      const cycle = visit(child)
      if (cycle) return cycle
    }
    stack.pop()
    state.set(name, 'done')
    return undefined
  }
  for (const name of groups.keys()) {
    const cycle = visit(name)
    if (cycle) return cycle
  }
  return undefined
}

/** Longest distance from a root (a group nobody lists as child), as Ansible's group depth. */
export function groupDepths(groups: Map<string, GroupSpec>): Map<string, number> {
  const depth = new Map<string, number>()
  const parents = new Map<string, string[]>()
  for (const g of groups.values()) for (const c of g.children) parents.set(c, [...(parents.get(c) ?? []), g.name])
  const of = (name: string): number => {
    const known = depth.get(name)
    if (known !== undefined) return known
    const d = Math.max(-1, ...(parents.get(name) ?? []).map(of)) + 1
    depth.set(name, d)
    return d
  }
  for (const name of groups.keys()) of(name)
  return depth
}

/** Each host's groups: the groups listing it plus all their ancestors. */
export function hostMemberships(groups: Map<string, GroupSpec>): Map<string, Set<string>> {
  const parents = new Map<string, string[]>()
  for (const g of groups.values()) for (const c of g.children) parents.set(c, [...(parents.get(c) ?? []), g.name])
  const out = new Map<string, Set<string>>()
  const add = (host: string, group: string) => {
    const set = out.get(host) ?? new Set<string>()
    out.set(host, set)
    if (set.has(group)) return
    set.add(group)
    for (const p of parents.get(group) ?? []) add(host, p)
  }
  for (const g of groups.values()) for (const h of g.hosts) add(h, g.name)
  return out
}

/** Groups in the order their vars are applied (later wins). */
export function varsOrder(names: Iterable<string>, depths: Map<string, number>, priority: (g: string) => number = () => 1): string[] {
  return [...names].sort(
    (a, b) => (depths.get(a) ?? 0) - (depths.get(b) ?? 0) || priority(a) - priority(b) || (a < b ? -1 : a > b ? 1 : 0),
  )
}

/** A group's hosts as Ansible's get_hosts lists them: its own first, then its descendants', deduplicated. */
export function groupHostList(groups: Map<string, GroupSpec>, name: string): string[] {
  const seen = new Set<string>()
  const visited = new Set<string>()
  const queue = [name]
  while (queue.length) {
    const g = groups.get(queue.shift() as string)
    if (!g || visited.has(g.name)) continue
    visited.add(g.name)
    for (const h of g.hosts) seen.add(h)
    queue.push(...g.children)
  }
  return [...seen]
}
