/**
 * Tells the two inventory formats apart. Native files use `defaults`/`hosts`/`groups` at the
 * top; Ansible YAML inventories have `all:` or top-level groups made of hosts/children/vars.
 */
import {nativeAllowedKeys} from './native-schema.js'
import {didYouMean} from './suggest.js'
import type {YamlSource} from './yaml-source.js'

const NATIVE = nativeAllowedKeys([])
const GROUP_KEYS = new Set(['hosts', 'children', 'vars'])

const isGroupLike = (v: unknown) =>
  v === null || (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).every((k) => GROUP_KEYS.has(k)))

const YAML_EXTENSIONS = /\.(ya?ml|json)$/i

/**
 * Which syntax a file is in, as Ansible picks its inventory plugin: `.yml`, `.yaml` and `.json`
 * are YAML, `.ini` is INI. Any other name (Ansible's classic `hosts`) is INI when it does not
 * read as a YAML mapping: `[web]` sections or bare host lines are never one.
 */
export function inventorySyntax(file: string, text: string, yamlMapping: () => boolean): 'yaml' | 'ini' {
  if (YAML_EXTENSIONS.test(file)) return 'yaml'
  if (/\.ini$/i.test(file)) return 'ini'
  const first = text.split(/\r?\n/).map((l) => l.trim()).find((l) => l && !l.startsWith('#') && !l.startsWith(';'))
  if (first === undefined) return 'yaml'
  if (/^\[[^\]]*\]\s*(?:#.*)?$/.test(first)) return 'ini'
  // `key:` or `key: value` is never an INI host line: a YAML file, broken or not (its error is the YAML one).
  if (/^[^\s[]\S*:(?:\s|$)/.test(first)) return 'yaml'
  return yamlMapping() ? 'yaml' : 'ini'
}

export function detectFormat(source: YamlSource): 'native' | 'ansible' {
  const data = source.data
  if (data === null || data === undefined) throw source.error([], 'the inventory is empty')
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw source.error([], 'unknown inventory format: expected a mapping (native: defaults/hosts/groups; Ansible: all: ...)')
  }
  const keys = Object.keys(data)
  if ('all' in data) return 'ansible'
  if (keys.includes('groups') || keys.includes('defaults')) return 'native'
  const record = data as Record<string, unknown>
  // `hosts:` holding host names is native (zod then names any other odd top-level key);
  // a top level made only of hosts/children/vars mappings reads as Ansible groups.
  if (keys.some((k) => NATIVE.includes(k) && !isGroupLike(record[k]))) return 'native'
  if (keys.every((k) => isGroupLike(record[k]))) return 'ansible'
  const odd = keys.find((k) => !NATIVE.includes(k) && !isGroupLike(record[k])) ?? keys[0]
  throw source.error(
    [odd],
    `unknown inventory format: "${odd}" is neither a native top-level key (${NATIVE.join(', ')})${didYouMean(odd, NATIVE)} nor an Ansible group (a mapping of hosts, children, vars)`,
    true,
  )
}
