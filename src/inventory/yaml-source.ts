/**
 * YAML text kept together with its node positions, so that any problem found later
 * (by zod, by reference checks) can be reported at FILE:LINE:COLUMN.
 */
import {isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node} from 'yaml'
import {InventoryError} from './errors.js'
import type {SourceLocation} from './types.js'

export type FieldPath = ReadonlyArray<string | number>

export interface YamlSource {
  file: string
  data: unknown
  /** Position of the value at `path` (or of its key when the value is empty). */
  at(path: FieldPath): SourceLocation
  /** Position of the key of the entry at `path` (falls back to the value). */
  keyAt(path: FieldPath): SourceLocation
  /** An InventoryError at the value of `path`. */
  error(path: FieldPath, problem: string, key?: boolean): InventoryError
}

/** `hosts.web02.port`; keys that contain dots or spaces are quoted: `hosts["10.0.0.5"].port`. */
export function formatPath(path: FieldPath): string {
  let out = ''
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`
    else if (/^[\w-]+$/.test(seg)) out += out ? `.${seg}` : seg
    else out += `[${JSON.stringify(seg)}]`
  }
  return out
}

export function parseYamlSource(file: string, text: string): YamlSource {
  const lineCounter = new LineCounter()
  // merge: `<<: *anchor` is common in hand-written inventories; uniqueKeys: a repeated key is a mistake.
  const doc = parseDocument(text, {lineCounter, prettyErrors: false, merge: true, uniqueKeys: true})
  const pos = (offset: number): SourceLocation => {
    const {line, col} = lineCounter.linePos(offset)
    return {file, line, column: col}
  }
  const fail = (loc: SourceLocation, field: string, problem: string) =>
    new InventoryError(file, loc.line, loc.column, field, problem)

  const firstError = doc.errors[0]
  if (firstError) throw fail(pos(firstError.pos[0]), '', `YAML syntax: ${firstError.message}`)

  const walk = (path: FieldPath, wantKey: boolean): Node | null => {
    let node = doc.contents as Node | null
    let keyNode: Node | null = null
    for (const seg of path) {
      node = deref(doc, node)
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg))
        if (!pair) return node
        keyNode = pair.key as Node
        // An empty value (`port:`) has a zero-width node after the colon; point at the key instead.
        const value = pair.value as Node | null
        node = value && !(isScalar(value) && value.range && value.range[0] === value.range[1]) ? value : keyNode
      } else if (isSeq(node) && typeof seg === 'number' && node.items[seg]) {
        keyNode = null
        node = node.items[seg] as Node
      } else return node
    }
    return wantKey && keyNode ? keyNode : node
  }
  const locate = (path: FieldPath, wantKey: boolean): SourceLocation => {
    const node = walk(path, wantKey)
    return node?.range ? pos(node.range[0]) : {file, line: 1, column: 1}
  }
  return {
    file,
    data: doc.toJS({maxAliasCount: 1000}),
    at: (path) => locate(path, false),
    keyAt: (path) => locate(path, true),
    error: (path, problem, key = false) => fail(locate(path, key), formatPath(path), problem),
  }
}

function deref(doc: Document, node: Node | null): Node | null {
  return isAlias(node) ? ((node.resolve(doc) as Node | undefined) ?? null) : node
}
