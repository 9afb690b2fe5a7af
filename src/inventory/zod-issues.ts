/**
 * Turns zod issues into InventoryErrors placed on the YAML node at the issue's path.
 * zod says what is wrong; the YAML source says where, and what was actually written.
 */
import {randomUUID} from 'node:crypto'
import type {z} from 'zod'
import {describeValue} from './describe-value.js'
import {didYouMean} from './suggest.js'
import type {FieldPath, YamlSource} from './yaml-source.js'
import type {InventoryError} from './errors.js'

/** Which keys are allowed in the mapping at a path (for "did you mean"). */
export type AllowedKeys = (path: FieldPath) => readonly string[]

function valueAt(data: unknown, path: FieldPath): unknown {
  let v = data
  for (const seg of path) v = v !== null && typeof v === 'object' && Object.hasOwn(v, seg) ? (v as Record<string, unknown>)[seg] : undefined
  return v
}

/** A copy of `data` with every `__proto__` key renamed to `alias` (zod skips `__proto__` keys entirely). */
function aliasProto(data: unknown, alias: string): unknown {
  if (Array.isArray(data)) return data.map((item) => aliasProto(item, alias))
  if (data === null || typeof data !== 'object') return data
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(data)) out[key === '__proto__' ? alias : key] = aliasProto(value, alias)
  return out
}

export function issueToError(source: YamlSource, issue: z.core.$ZodIssue, allowed: AllowedKeys): InventoryError {
  const path = issue.path.filter((s): s is string | number => typeof s !== 'symbol')
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]
    const hint = didYouMean(key, allowed(path))
    const known = hint ? '' : `; expected one of: ${allowed(path).join(', ')}`
    return source.error([...path, key], `unknown key "${key}"${hint}${known}`, true)
  }
  const got = describeValue(valueAt(source.data, path))
  return source.error(path, `${issue.message}, got ${got}`)
}

/**
 * Validates `data` against `schema`; throws the first problem in document order. Returns the
 * YAML data itself, not zod's copy: zod drops `__proto__` keys (a host or group may be named
 * so), and the schemas transform nothing. Such keys are validated under an alias.
 */
export function validate<T>(source: YamlSource, schema: z.ZodType<T>, allowed: AllowedKeys): T {
  const alias = `__proto__${randomUUID()}`
  const result = schema.safeParse(aliasProto(source.data, alias))
  if (result.success) return source.data as T
  const errors = result.error.issues
    .map((i) => {
      const real = (seg: PropertyKey) => (seg === alias ? '__proto__' : seg)
      const keys = i.code === 'unrecognized_keys' ? {keys: i.keys.map((k) => real(k) as string)} : {}
      return {...i, ...keys, path: i.path.map(real)} as z.core.$ZodIssue
    })
    .map((i) => issueToError(source, i, allowed))
  errors.sort((a, b) => a.line - b.line || a.column - b.column)
  throw errors[0]
}
