/**
 * Directives of one block by name, built once per block on first use. Every
 * effective() lookup and children() call goes through it, so asking about each
 * of N servers costs O(N) in all, not O(N) per server (a 30,000-server http
 * block made judging quadratic). The tree is read-only once parsed.
 */
import {arrayGroup} from './directive-table.js'
import type {NginxDirective} from './types.js'

interface BlockIndex {
  byName: Map<string, NginxDirective[]>
  /** Multi-name array groups (`allow`/`deny`): members in config order, by the group's key. */
  byGroup: Map<string, NginxDirective[]>
}

const EMPTY: readonly NginxDirective[] = Object.freeze([])
const indexes = new WeakMap<readonly NginxDirective[], BlockIndex>()

/** Directives whose group has more than one name share one key, the group's first name. */
const groupKey = (name: string): string | undefined => {
  const group = arrayGroup(name)
  return group && group.length > 1 ? group[0] : undefined
}

function indexOf(block: readonly NginxDirective[]): BlockIndex {
  let index = indexes.get(block)
  if (!index) {
    index = {byName: new Map(), byGroup: new Map()}
    for (const d of block) {
      const list = index.byName.get(d.directive)
      if (list) list.push(d)
      else index.byName.set(d.directive, [d])
      const key = groupKey(d.directive)
      if (key !== undefined) {
        const members = index.byGroup.get(key)
        if (members) members.push(d)
        else index.byGroup.set(key, [d])
      }
    }
    indexes.set(block, index)
  }
  return index
}

/** The directives named `name` written directly in `block`, in config order (shared: do not modify). */
export function directivesIn(block: readonly NginxDirective[] | undefined, name: string): readonly NginxDirective[] {
  if (!block || block.length === 0) return EMPTY
  return indexOf(block).byName.get(name) ?? EMPTY
}

/** The directives of `name`'s array group (or `name` alone) written directly in `block`, in config order. */
export function groupIn(block: readonly NginxDirective[] | undefined, name: string): readonly NginxDirective[] {
  if (!block || block.length === 0) return EMPTY
  const key = groupKey(name)
  return key === undefined ? directivesIn(block, name) : indexOf(block).byGroup.get(key) ?? EMPTY
}
