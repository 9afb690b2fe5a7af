import type {LogContext, LogEntryBase} from './types.js'
import {parseNginxErrorLine} from './nginx-error.js'
import {parseNginxAccessLine} from './nginx-access.js'
import {finishSlowlogEntry, parseFpmLogLine, parseFpmSlowlogLine} from './fpm-log.js'
import {parseKernelLine} from './kernel-log.js'
import {parsePhpErrorLine} from './php-error.js'
import type {FpmLogEntry, FpmSlowlogEntry, KernelEntry, NginxAccessEntry, NginxErrorEntry, PhpErrorEntry} from './types.js'

export interface LogFormat<E extends LogEntryBase = LogEntryBase> {
  /** null: the line does not start an entry (continuation, or truncated). */
  parse(line: string, context: LogContext): E | null
  /** Lines to drop outright (journalctl's `-- Boot ... --` markers). */
  ignore?: RegExp
  /** Called once an entry has all its continuation lines. */
  finish?(entry: E): void
}

export interface LogEntryByFormat {
  'nginx-error': NginxErrorEntry
  'nginx-access': NginxAccessEntry
  fpm: FpmLogEntry
  'fpm-slowlog': FpmSlowlogEntry
  kernel: KernelEntry
  'php-error': PhpErrorEntry
}

export type LogFormatName = keyof LogEntryByFormat

export const LOG_FORMATS: {[K in LogFormatName]: LogFormat<LogEntryByFormat[K]>} = {
  'nginx-error': {parse: parseNginxErrorLine},
  'nginx-access': {parse: parseNginxAccessLine},
  fpm: {parse: parseFpmLogLine},
  'fpm-slowlog': {parse: parseFpmSlowlogLine, ignore: /^\s*$/, finish: finishSlowlogEntry},
  kernel: {parse: parseKernelLine, ignore: /^-- .* --$/},
  'php-error': {parse: parsePhpErrorLine},
}

export function getLogFormat<K extends LogFormatName>(name: K): LogFormat<LogEntryByFormat[K]> {
  const format = LOG_FORMATS[name]
  if (!format) throw new Error(`unknown log format '${name}' (known: ${Object.keys(LOG_FORMATS).join(', ')})`)
  return format
}
