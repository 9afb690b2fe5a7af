/**
 * Turns zod issues into InventoryErrors placed on the YAML node at the issue's path.
 * zod says what is wrong; the YAML source says where, and what was actually written.
 */
import type {z} from 'zod'
import {describeValue} from './describe-value.js'
import {didYouMean} from './suggest.js'
import type {FieldPath, YamlSource} from './yaml-source.js'
import type {InventoryError} from './errors.js'

/** Which keys are allowed in the mapping at a path (for "did you mean"). */
export type AllowedKeys = (path: FieldPath) => readonly string[]

function valueAt(data: unknown, path: FieldPath): unknown {
  let v = data
  for (const seg of path) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[seg] : undefined
  return v
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

/** Validates `data` against `schema`; throws the first problem in document order. */
export function validate<T>(source: YamlSource, schema: z.ZodType<T>, allowed: AllowedKeys): T {
  const result = schema.safeParse(source.data)
  if (result.success) return result.data
  const errors = result.error.issues.map((i) => issueToError(source, i, allowed))
  errors.sort((a, b) => a.line - b.line || a.column - b.column)
  throw errors[0]
}
