/**
 * nginx `log_format`s, and reading access-log lines by the format they were written in
 * (ngx_http_log_module.c). The format text is host data: it is never turned into a
 * regex or program text. Lines are cut by the literal text between variables, with
 * fixed shapes for the variables fleet reads (`$status`, `$time_local`, `$time_iso8601`,
 * `$msec`, `$request`); an `escape=json` format that is a JSON object is read as JSON.
 */
import {parseTimeLocal} from '../logs/nginx-access.js'
import {parseUtcOffset, wallClockToEpoch} from '../logs/local-time.js'
import type {NginxConfig, NginxDirective} from './types.js'
import {walk} from './walk.js'

/** ngx_http_log_module.c: the predefined format, always present. */
export const COMBINED_FORMAT =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"'

export interface AccessLogFormat {
  name: string
  escape: 'default' | 'json' | 'none'
  /** The format's strings joined, as nginx joins them. */
  text: string
  /** FILE:LINE of the `log_format`, absent for `combined`. */
  at?: string
}

/** What an access-log line says, read by its format. */
export interface AccessFields {
  /** Epoch seconds; null when the line has no time fleet can read. */
  time: number | null
  status?: number
  request?: string
}

export type AccessLineReader = (line: string) => AccessFields | null

/** A reader for a format, or why fleet cannot read lines in that format. */
export type CompiledFormat = ({ok: true; read: AccessLineReader} | {ok: false; reason: string}) & {text: string}

type Segment = {literal: string} | {variable: string}

/** The http-level `log_format`s by name, with `combined` (nginx's, unless redefined: nginx refuses that). */
export function logFormats(config: NginxConfig): Map<string, AccessLogFormat> {
  const formats = new Map<string, AccessLogFormat>([['combined', {name: 'combined', escape: 'default', text: COMBINED_FORMAT}]])
  walk(config.tree, (node: NginxDirective) => {
    if (node.directive !== 'log_format' || node.args.length < 2) return
    const [name, ...rest] = node.args
    let escape: AccessLogFormat['escape'] = 'default'
    const match = /^escape=(default|json|none)$/.exec(rest[0] ?? '')
    if (match) {
      escape = match[1] as AccessLogFormat['escape']
      rest.shift()
    }
    // nginx refuses to redefine `combined` (duplicate log_format name).
    if (name !== 'combined') formats.set(name, {name, escape, text: rest.join(''), at: `${node.file}:${node.line}`})
  })
  return formats
}

/** `$name` / `${name}` and the literal text between them. */
export function formatSegments(text: string): Segment[] {
  const segments: Segment[] = []
  let literal = ''
  let i = 0
  while (i < text.length) {
    const c = text[i]
    if (c === '$') {
      let name = ''
      let j = i + 1
      if (text[j] === '{') {
        const close = text.indexOf('}', j)
        if (close > j) {
          name = text.slice(j + 1, close)
          j = close + 1
        }
      } else {
        while (j < text.length && /[A-Za-z0-9_]/.test(text[j])) name += text[j++]
      }
      if (name !== '') {
        if (literal !== '') segments.push({literal})
        literal = ''
        segments.push({variable: name})
        i = j
        continue
      }
    }
    literal += c
    i++
  }
  if (literal !== '') segments.push({literal})
  return segments
}

const TIME_VARIABLES = ['time_local', 'time_iso8601', 'msec']

/** Compile a format into a line reader, or say why its lines cannot be read. */
export function compileFormat(format: AccessLogFormat): CompiledFormat {
  const segments = formatSegments(format.text)
  const variables = segments.flatMap((s) => ('variable' in s ? [s.variable] : []))
  const text = format.text
  if (!variables.includes('status')) return {ok: false, reason: `log_format ${format.name} has no $status`, text}
  if (!variables.some((v) => TIME_VARIABLES.includes(v))) return {ok: false, reason: `log_format ${format.name} has no $time_local, $time_iso8601 or $msec`, text}
  if (format.escape === 'json' && format.text.trim().startsWith('{')) {
    const json = compileJson(format, segments)
    const plain = compileText(format, segments)
    // An unquoted variable can write `-` (`"urt":$upstream_response_time`): such a line is not JSON,
    // but its separators are still those of the format.
    if (json?.ok && plain.ok) return {ok: true, read: (line) => json.read(line) ?? plain.read(line), text}
    if (json) return {...json, text}
  }
  return {...compileText(format, segments), text}
}

/** The value of one variable read by its own shape, from `start`; its length, or -1. */
const SHAPES: Record<string, RegExp> = {
  status: /^\d{3}/,
  time_local: /^\d{2}\/\w{3}\/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}/,
  time_iso8601: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:Z|[+-]\d{2}:\d{2})/,
  msec: /^\d+(?:\.\d+)?/,
  // A request line's own shape, so a space after it in the format does not cut it.
  request: /^[A-Z]+ \S+ HTTP\/\d(?:\.\d)?/,
}

function compileText(format: AccessLogFormat, segments: Segment[]): {ok: true; read: AccessLineReader} | {ok: false; reason: string} {
  const wanted = new Set(['status', 'request', ...TIME_VARIABLES])
  let last = -1
  segments.forEach((s, i) => {
    if ('variable' in s && wanted.has(s.variable)) last = i
  })
  const used = segments.slice(0, last + 1)
  // Two variables with nothing between them cannot be told apart, unless the first has a fixed shape.
  for (let i = 1; i < used.length; i++) {
    const a = used[i - 1]
    const b = used[i]
    if ('variable' in a && 'variable' in b && !(a.variable in SHAPES && a.variable !== 'request')) {
      return {ok: false, reason: `log_format ${format.name} writes $${a.variable} and $${b.variable} with no separator`}
    }
  }
  const read: AccessLineReader = (line) => {
    const values: Record<string, string> = {}
    let pos = 0
    for (let i = 0; i < used.length; i++) {
      const segment = used[i]
      if ('literal' in segment) {
        if (!line.startsWith(segment.literal, pos)) return null
        pos += segment.literal.length
        continue
      }
      const next = used[i + 1]
      const shape = SHAPES[segment.variable]
      const shaped = shape?.exec(line.slice(pos))
      // A status or time that is not in its shape: the line is not in this format.
      if (shape && !shaped && segment.variable !== 'request') return null
      let end: number
      if (shaped && (!next || !('literal' in next) || line.startsWith(next.literal, pos + shaped[0].length))) end = pos + shaped[0].length
      else if (next && 'literal' in next) end = line.indexOf(next.literal, pos)
      else if (shape) return null
      else end = line.length
      if (end < 0) return null
      values[segment.variable] = line.slice(pos, end)
      pos = end
    }
    return fields(values)
  }
  return {ok: true, read}
}

/**
 * An `escape=json` object format: each variable's place is found by putting a marker where
 * it stands and parsing the format as JSON; a line is parsed as JSON and read at those places.
 */
function compileJson(format: AccessLogFormat, segments: Segment[]): {ok: true; read: AccessLineReader} | {ok: false; reason: string} | null {
  const markers: string[] = []
  let text = ''
  let inString = false
  for (const segment of segments) {
    if ('literal' in segment) {
      for (let i = 0; i < segment.literal.length; i++) {
        const c = segment.literal[i]
        if (c === '\\') {
          i++
        } else if (c === '"') inString = !inString
      }
      text += segment.literal
      continue
    }
    const marker = `@@fleet${markers.length}@@`
    markers.push(segment.variable)
    text += inString ? marker : JSON.stringify(marker)
  }
  let template: unknown
  try {
    template = JSON.parse(text)
  } catch {
    return null
  }
  const paths = new Map<string, string[]>()
  const visit = (value: unknown, path: string[]) => {
    if (typeof value === 'string') {
      const match = /^@@fleet(\d+)@@$/.exec(value)
      if (match && !paths.has(markers[Number(match[1])])) paths.set(markers[Number(match[1])], path)
    } else if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, inner] of Object.entries(value)) visit(inner, [...path, key])
    }
  }
  visit(template, [])
  if (!paths.has('status')) return {ok: false, reason: `log_format ${format.name}: $status is not the whole value of a JSON key`}
  const read: AccessLineReader = (line) => {
    let parsed: unknown
    try {
      parsed = JSON.parse(line)
    } catch {
      return null
    }
    const values: Record<string, string> = {}
    for (const [variable, path] of paths) {
      let value: unknown = parsed
      for (const key of path) value = value && typeof value === 'object' && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined
      if (typeof value === 'string' || typeof value === 'number') values[variable] = String(value)
    }
    return fields(values)
  }
  return {ok: true, read}
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(Z|[+-]\d{2}:\d{2})$/

function fields(values: Record<string, string>): AccessFields {
  const result: AccessFields = {time: readTime(values)}
  if (values.status !== undefined && /^\d{3}$/.test(values.status)) result.status = Number(values.status)
  if (values.request !== undefined) result.request = values.request
  return result
}

function readTime(values: Record<string, string>): number | null {
  if (values.time_local !== undefined) return parseTimeLocal(`[${values.time_local}]`)
  if (values.time_iso8601 !== undefined) {
    const m = ISO.exec(values.time_iso8601)
    if (m) return wallClockToEpoch(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], parseUtcOffset(m[7]))
  }
  if (values.msec !== undefined && /^\d+(?:\.\d+)?$/.test(values.msec)) return Math.floor(Number(values.msec))
  return null
}
