import {compileFormat, logFormats, type CompiledFormat} from '../nginx/log-format.js'
import {logFiles} from '../nginx/query.js'
import type {NginxConfig} from '../nginx/types.js'
import type {LogTail} from '../probe/facts.js'

const byConfig = new WeakMap<NginxConfig, Map<string, CompiledFormat>>()

/**
 * How to read one access log: by the `log_format` its `access_log` names (any level; `combined`
 * when none). Without a config (the dump failed) the lines are read as `combined`, as nginx's default.
 */
export function accessFormatFor(config: NginxConfig | null, tail: LogTail): CompiledFormat | null {
  if (!config) return null
  let formats = byConfig.get(config)
  if (!formats) {
    formats = new Map()
    const defined = logFormats(config)
    for (const file of logFiles(config)) {
      if (file.kind !== 'access' || formats.has(file.path)) continue
      const name = file.format ?? 'combined'
      const format = defined.get(name)
      formats.set(file.path, format ? compileFormat(format) : {ok: false, reason: `log_format ${name} is not defined in the dump`, text: ""})
    }
    byConfig.set(config, formats)
  }
  return formats.get(tail.path) ?? null
}

/** Access logs whose format fleet cannot read, with why: their 400s cannot be counted. */
export function unreadableAccessLogs(config: NginxConfig | null, tails: LogTail[]): Array<{path: string; reason: string}> {
  return tails.flatMap((tail) => {
    const format = accessFormatFor(config, tail)
    return format && !format.ok ? [{path: tail.path, reason: format.reason}] : []
  })
}
