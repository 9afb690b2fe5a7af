/**
 * Ansible INI inventories, read as Ansible's `ini` inventory plugin reads them
 * (lib/ansible/plugins/inventory/ini.py), into the shape of an Ansible YAML inventory, so
 * that one reader (ansible.ts) applies groups, children, vars precedence, ranges and
 * address checks to both. Every value keeps the FILE:LINE:COLUMN it was written at.
 *
 * The rules kept from ini.py:
 *   - blank lines and lines whose first non-blank character is `#` or `;` are skipped;
 *   - lines before the first section are hosts of `ungrouped`;
 *   - `[name]` hosts, `[name:children]` child groups, `[name:vars]` `key=value` lines; any
 *     other `:type` and a bracketed line that is no section (spaces) are errors;
 *   - a host line is split like a POSIX shell (quotes, backslash, `#` starts a comment); the
 *     first word is the host, `name:port` or a range (`www[01:50]`, `db-[a:f]`), the rest
 *     must all be `key=value`;
 *   - values are read as Python literals where they are one (`222` a number, `True` a boolean,
 *     `"'a#b'"` a string, a trailing `# comment` after a literal ignored), else kept as
 *     written; lists and dicts are kept as written text;
 *   - `[g:vars]` for a group no `[g]`/`[g:children]` section declares, and a child that no
 *     section declares, are errors (`all` and `ungrouped` always exist).
 * Where fleet is stricter than Ansible (a host or group variable set twice to different
 * values), it refuses with both places instead of letting file order decide.
 */
import {InventoryError} from './errors.js'
import type {SourceLocation} from './types.js'
import {formatPath, type FieldPath, type YamlSource} from './yaml-source.js'

type Dict = Record<string, unknown>

const SECTION = /^\[([^:\]\s]+)(?::(\w+))?\]\s*(?:#.*)?$/
const GROUP_NAME = /^([^:\]\s]+)\s*(?:#.*)?$/

interface Token {
  text: string
  /** 0-based offset of the token in the line. */
  start: number
}

class LineError extends Error {}

/** shlex.split(line, comments=True, posix=True): words, quotes, backslashes; `#` ends the line. */
export function shellWords(line: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i])) i++
    if (i >= line.length || line[i] === '#') break
    const start = i
    let text = ''
    let ended = false
    while (i < line.length && !/\s/.test(line[i])) {
      const c = line[i]
      if (c === '#') {
        ended = true
        break
      }
      if (c === "'") {
        const close = line.indexOf("'", i + 1)
        if (close < 0) throw new LineError('no closing quotation')
        text += line.slice(i + 1, close)
        i = close + 1
      } else if (c === '"') {
        i++
        for (;;) {
          if (i >= line.length) throw new LineError('no closing quotation')
          const d = line[i]
          if (d === '"') break
          if (d === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\')) {
            text += line[i + 1]
            i += 2
            continue
          }
          text += d
          i++
        }
        i++
      } else if (c === '\\') {
        if (i + 1 >= line.length) throw new LineError('no escaped character')
        text += line[i + 1]
        i += 2
      } else {
        text += c
        i++
      }
    }
    tokens.push({text, start})
    if (ended) break
  }
  return tokens
}

const PY_ESCAPES: Record<string, string> = {n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0'}

/** The Python literal at the start of `v` and where it ends, or undefined. */
function literalAt(v: string): {value: unknown; end: number} | undefined {
  const quote = v[0]
  if (quote === "'" || quote === '"') {
    let out = ''
    for (let i = 1; i < v.length; i++) {
      const c = v[i]
      if (c === quote) return {value: out, end: i + 1}
      if (c === '\n') return undefined
      if (c === '\\' && i + 1 < v.length) {
        const next = v[++i]
        out += PY_ESCAPES[next] ?? `\\${next}`
      } else out += c
    }
    return undefined
  }
  const word = /^(True|False|None)\b/.exec(v)
  if (word) return {value: word[1] === 'True' ? true : word[1] === 'False' ? false : null, end: word[0].length}
  const based = /^([-+]?)0([xob])((?:_?[0-9a-f])+)(?![\w.])/i.exec(v)
  if (based) {
    const radix = {x: 16, o: 8, b: 2}[based[2].toLowerCase() as 'x' | 'o' | 'b']
    const digits = based[3].replace(/_/g, '')
    const value = Number.parseInt(digits, radix)
    if ([...digits].every((d) => Number.parseInt(d, radix) < radix)) return {value: based[1] === '-' ? -value : value, end: based[0].length}
  }
  // Python 3 integers have no leading zeros (`0755` is a syntax error, so Ansible keeps the text).
  const number = /^[-+]?(?:(?:0|[1-9](?:_?\d)*)(?![\d.eEjx_])|(?:\d(?:_?\d)*)?\.\d(?:_?\d)*(?:[eE][-+]?\d+)?(?![\dj])|\d(?:_?\d)*\.(?:[eE][-+]?\d+)?(?![\dj])|\d(?:_?\d)*[eE][-+]?\d+(?![\dj]))/.exec(v)
  if (number) return {value: Number(number[0].replace(/_/g, '')), end: number[0].length}
  return undefined
}

/** ini.py `_parse_value`: a Python literal where the text is one (a trailing comment allowed), else the text. */
export function iniValue(v: string): unknown {
  const text = v.trim()
  const literal = literalAt(text)
  if (literal && /^\s*(?:#.*)?$/.test(text.slice(literal.end))) return literal.value
  return v
}

interface Position {
  line: number
  column: number
}

export function parseAnsibleIni(file: string, text: string): YamlSource {
  const data: Dict = Object.create(null)
  const where = new Map<string, Position>()
  const mark = (path: FieldPath, line: number, column: number) => {
    const key = JSON.stringify(path)
    if (!where.has(key)) where.set(key, {line, column})
  }
  const locate = (path: FieldPath): SourceLocation => {
    for (let n = path.length; n > 0; n--) {
      const found = where.get(JSON.stringify(path.slice(0, n)))
      if (found) return {file, ...found}
    }
    return {file, line: 1, column: 1}
  }
  const fail = (line: number, column: number, field: string, problem: string) => new InventoryError(file, line, column, field, problem)

  const groupDict = (name: string): Dict => {
    let g = data[name] as Dict | null | undefined
    if (!g) data[name] = g = Object.create(null) as Dict
    return g
  }
  const sub = (name: string, kind: 'hosts' | 'children' | 'vars'): Dict => {
    const g = groupDict(name)
    if (!g[kind]) g[kind] = Object.create(null) as Dict
    return g[kind] as Dict
  }
  const setVar = (target: Dict, path: FieldPath, key: string, value: unknown, line: number, column: number, what: string) => {
    const prev = JSON.stringify(path)
    if (Object.hasOwn(target, key) && JSON.stringify(target[key]) !== JSON.stringify(value)) {
      const first = where.get(prev)!
      throw fail(line, column, formatPath(path), `${what} sets ${key} differently elsewhere (${file}:${first.line}:${first.column})`)
    }
    target[key] = value
    mark(path, line, column)
  }

  // Groups that a [g] or [g:children] section declares; [g:vars] and children must name one.
  const declared = new Set(['all', 'ungrouped'])
  const varsSections: Array<{group: string; line: number}> = []
  const childRefs: Array<{parent: string; child: string; line: number; column: number}> = []

  let group = 'ungrouped'
  let state: 'hosts' | 'children' | 'vars' = 'hosts'
  const lines = text.split(/\r?\n/)
  for (let index = 0; index < lines.length; index++) {
    const lineNo = index + 1
    const raw = lines[index]
    const line = raw.trim()
    const indent = raw.length - raw.trimStart().length
    if (!line || line[0] === '#' || line[0] === ';') continue

    const section = SECTION.exec(line)
    if (section) {
      const [, name, type = 'hosts'] = section
      if (type !== 'hosts' && type !== 'children' && type !== 'vars') {
        throw fail(lineNo, indent + 1, '', `section [${name}:${type}] has unknown type "${type}" (expected [${name}], [${name}:children] or [${name}:vars])`)
      }
      group = name
      state = type
      groupDict(name)
      mark([name], lineNo, indent + 1)
      mark([name, type], lineNo, indent + 1)
      if (type === 'vars') varsSections.push({group: name, line: lineNo})
      else declared.add(name)
      continue
    }
    if (line.startsWith('[') && line.endsWith(']')) {
      throw fail(lineNo, indent + 1, '', `invalid section ${JSON.stringify(line)}: a section is [group], [group:children] or [group:vars], with no spaces`)
    }

    if (state === 'vars') {
      const eq = line.indexOf('=')
      if (eq < 0) throw fail(lineNo, indent + 1, '', `expected key=value in [${group}:vars], got ${JSON.stringify(line)}`)
      const key = line.slice(0, eq).trim()
      if (!key) throw fail(lineNo, indent + 1, '', `expected key=value in [${group}:vars], got no key`)
      setVar(sub(group, 'vars'), [group, 'vars', key], key, iniValue(line.slice(eq + 1).trim()), lineNo, indent + 1, `group "${group}"`)
      continue
    }

    if (state === 'children') {
      const m = GROUP_NAME.exec(line)
      if (!m) throw fail(lineNo, indent + 1, '', `expected a group name in [${group}:children], got ${JSON.stringify(line)}`)
      sub(group, 'children')[m[1]] = null
      mark([group, 'children', m[1]], lineNo, indent + 1)
      childRefs.push({parent: group, child: m[1], line: lineNo, column: indent + 1})
      continue
    }

    let tokens: Token[]
    try {
      tokens = shellWords(raw)
    } catch (e) {
      if (e instanceof LineError) throw fail(lineNo, indent + 1, '', `cannot split host line: ${e.message}`)
      throw e
    }
    if (tokens.length === 0) continue
    const [host, ...assignments] = tokens
    const pattern = host.text
    if (pattern === '---') throw fail(lineNo, host.start + 1, '', 'host "---": this looks like a YAML file; name it .yml or .yaml')
    if (pattern.endsWith(':')) throw fail(lineNo, host.start + 1, '', `host ${JSON.stringify(pattern)} ends in ":" with no port`)
    const hosts = sub(group, 'hosts')
    const hostPath: FieldPath = [group, 'hosts', pattern]
    mark(hostPath, lineNo, host.start + 1)
    const vars = (hosts[pattern] as Dict | null | undefined) ?? (Object.create(null) as Dict)
    for (const token of assignments) {
      const eq = token.text.indexOf('=')
      if (eq <= 0) throw fail(lineNo, token.start + 1, formatPath(hostPath), `expected key=value after the host name, got ${JSON.stringify(token.text)}`)
      const key = token.text.slice(0, eq)
      setVar(vars, [...hostPath, key], key, iniValue(token.text.slice(eq + 1)), lineNo, token.start + 1, `host "${pattern}" in [${group}]`)
    }
    hosts[pattern] = Object.keys(vars).length > 0 ? vars : (hosts[pattern] ?? null)
  }

  const undeclaredVars = varsSections.find((s) => !declared.has(s.group))
  const undeclaredChild = childRefs.find((c) => !declared.has(c.child))
  const first = [undeclaredVars, undeclaredChild].filter((x) => x !== undefined).sort((a, b) => a.line - b.line)[0]
  if (first && 'child' in first) {
    throw fail(first.line, first.column, '', `[${first.parent}:children] names group "${first.child}", which no [${first.child}] or [${first.child}:children] section declares`)
  }
  if (first) throw fail(first.line, 1, '', `[${first.group}:vars] is for group "${first.group}", which no [${first.group}] or [${first.group}:children] section declares`)

  // `ungrouped` is implicit: only a real entry of the document when it holds hosts.
  if (data.ungrouped && Object.keys(data.ungrouped as Dict).length === 0) delete data.ungrouped
  if (data.all && Object.keys(data.all as Dict).length === 0) delete data.all
  return {
    file,
    data,
    at: locate,
    keyAt: locate,
    error: (path, problem) => {
      const at = locate(path)
      return fail(at.line, at.column, formatPath(path), problem)
    },
  }
}
