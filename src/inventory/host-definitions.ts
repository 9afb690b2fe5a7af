/**
 * Hosts may be defined more than once (a range overlapping a plain name; an Ansible host
 * listed under several groups). Identical or complementary definitions merge; two
 * definitions that set the same thing differently are an error, since which one wins
 * would otherwise depend on file order.
 */
import {isDeepStrictEqual} from 'node:util'
import {expandHostRange, HostRangeError, MAX_HOSTS} from './host-range.js'
import type {FieldPath, YamlSource} from './yaml-source.js'

export interface Definition<S extends object = object> {
  settings: S
  vars: Record<string, unknown>
  path: FieldPath
}

/** Expands a host name or range written at `path`, placing range errors there. */
export function expandNames(source: YamlSource, key: string, path: FieldPath, onKey = false): string[] {
  try {
    return expandHostRange(key)
  } catch (e) {
    if (e instanceof HostRangeError) throw source.error(path, e.message, onKey)
    throw e
  }
}

function conflict(a: Record<string, unknown>, b: Record<string, unknown>): string | undefined {
  return Object.keys(b).find((k) => k in a && a[k] !== undefined && b[k] !== undefined && !isDeepStrictEqual(a[k], b[k]))
}

export function mergeDefinition<S extends object>(
  source: YamlSource,
  defs: Map<string, Definition<S>>,
  name: string,
  def: Definition<S>,
): void {
  const prev = defs.get(name)
  if (!prev) {
    if (defs.size >= MAX_HOSTS) {
      throw source.error(def.path, `more than ${MAX_HOSTS} hosts in one inventory; split it (one inventory per fleet or region)`, true)
    }
    defs.set(name, def)
    return
  }
  const key =
    conflict(prev.settings as Record<string, unknown>, def.settings as Record<string, unknown>) ?? conflict(prev.vars, def.vars)
  if (key !== undefined) {
    const first = source.keyAt(prev.path)
    throw source.error(
      def.path,
      `host "${name}" is defined again with a different ${key} (first defined at ${first.file}:${first.line}:${first.column})`,
      true,
    )
  }
  defs.set(name, {settings: {...prev.settings, ...def.settings}, vars: {...prev.vars, ...def.vars}, path: prev.path})
}
