/** Two hosts' entries compared directive by directive, by context path; a block missing on one side is one difference, not one per directive in it. */
import {entryKey, type ConfigEntries, type ConfigEntry, type ConfigValue} from './config-entries.js'

export interface ConfigDifference {
  kind: ConfigEntry['kind']
  context: string
  setting: string
  /** null: not set on that host (not in its config; for FPM, no such pool or key). */
  a: ConfigValue[] | null
  b: ConfigValue[] | null
}

export function compareEntries(a: ConfigEntries, b: ConfigEntries): ConfigDifference[] {
  const keys = new Set([...a.keys(), ...b.keys()])
  const out: ConfigDifference[] = []
  for (const key of keys) {
    const left = a.get(key)
    const right = b.get(key)
    const entry = (left ?? right) as ConfigEntry
    if (left && right && sameValues(left.values, right.values)) continue
    // Inside a block only one host has, the block's own entry says it all.
    if (entry.kind === 'nginx' && (!left || !right) && !contextOnBoth(entry.context, a, b)) continue
    if (entry.kind === 'fpm' && (!left || !right) && entry.context !== 'global' && !poolOnBoth(entry.context, a, b)) {
      if (entry.setting !== 'listen') continue // the pool itself is shown once, by its listen
    }
    out.push({kind: entry.kind, context: entry.context, setting: entry.setting, a: left?.values ?? null, b: right?.values ?? null})
  }
  return out.sort((x, y) => x.kind.localeCompare(y.kind) || x.context.localeCompare(y.context) || x.setting.localeCompare(y.setting))
}

function sameValues(a: ConfigValue[], b: ConfigValue[]): boolean {
  return a.length === b.length && a.every((value, index) => value.value === b[index].value)
}

/** Does the block at `context` exist on both hosts? ('' is the main context, always there). */
function contextOnBoth(context: string, a: ConfigEntries, b: ConfigEntries): boolean {
  if (context === '') return true
  const cut = context.lastIndexOf(' > ')
  const parent = cut === -1 ? '' : context.slice(0, cut)
  const name = cut === -1 ? context : context.slice(cut + 3)
  const key = entryKey({kind: 'nginx', context: parent, setting: name})
  return a.has(key) && b.has(key)
}

function poolOnBoth(context: string, a: ConfigEntries, b: ConfigEntries): boolean {
  const key = entryKey({kind: 'fpm', context, setting: 'listen'})
  return a.has(key) && b.has(key)
}
