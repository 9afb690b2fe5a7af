/**
 * PHP's own error messages as they reach the logs fleet reads: in FastCGI stderr
 * quoted into the nginx error log (several `PHP message:` parts may share one line),
 * and in the FPM log when the pool has `catch_workers_output = yes`
 * (`[pool www] child 12 said into stderr: "PHP Fatal error:  ..."`), and PHP's own error log
 * (a pool's `php_admin_value[error_log]`: `[04-Dec-2026 10:00:00 UTC] PHP Fatal error:  ...`).
 */
import type {FpmPool} from '../fpm/types.js'
import {parseAddress} from '../nginx/query.js'
import {upstreamAddress} from '../logs/index.js'
import type {FpmInstall, HostFacts} from '../probe/facts.js'
import {hostPools, poolsServing} from './fpm-pool-match.js'
import {findPool} from './fpm-log-events.js'
import {windowedLogs} from './windowed-logs.js'

export interface PhpMessage {
  /** One PHP message, e.g. `PHP Fatal error:  Allowed memory size ... on line 3`. */
  text: string
  /** The log line it was read from, as written. */
  raw: string
  path: string
  source: 'nginx' | 'fpm' | 'php-error'
  /** When the line was written, epoch seconds (null when its stamp could not be read). */
  time: number | null
  /** The request (nginx lines only). */
  request?: string
  server?: string
  /** The pool that ran it, when known. */
  pool?: {install: FpmInstall; pool: FpmPool}
}

const STDERR = /^FastCGI sent in stderr: "([\s\S]*)"$/
const SAID = /^child \d+ said into stderr: "([\s\S]*)"$/
const PART = /PHP message: /

const cache = new WeakMap<HostFacts, PhpMessage[]>()

/** The quoted text of a `FastCGI sent in stderr: "..."` nginx message, or null. */
export function fastcgiStderr(message: string): string | null {
  return STDERR.exec(message)?.[1] ?? null
}

/** Every PHP message in the window, from the nginx error logs and the FPM logs (once per host). */
export function phpMessages(facts: HostFacts): PhpMessage[] {
  let messages = cache.get(facts)
  if (messages) return messages
  messages = []
  const logs = windowedLogs(facts)
  for (const entry of logs.nginxError) {
    const stderr = fastcgiStderr(entry.message)
    if (stderr === null) continue
    const pool = poolOfUpstream(facts, entry.upstream)
    for (const part of stderr.split(PART)) {
      const text = part.replace(/[;\s]+$/, '').trim()
      if (text === '') continue
      messages.push({text, raw: entry.raw, path: entry.path, source: 'nginx', time: entry.time, request: entry.request, server: entry.server, pool})
    }
  }
  for (const entry of logs.fpm) {
    const said = SAID.exec(entry.message)
    // PHP 7.3+ logs the worker's messages through zlog: `said into stderr: "NOTICE: PHP message: PHP Fatal error: ..."`.
    const text = (said ? said[1] : entry.message).replace(/^(?:[A-Z]+: )?(?:PHP message: )?/, '').trim()
    if (!/^PHP (?:Fatal|Parse) error:/.test(text)) continue
    const pool = entry.pool ? findPool(facts, entry.pool, entry.path) : undefined
    messages.push({text, raw: entry.raw, path: entry.path, source: 'fpm', time: entry.time, pool})
  }
  for (const entry of logs.phpError) {
    if (entry.level !== 'Fatal error' && entry.level !== 'Parse error') continue
    messages.push({text: `PHP ${entry.level}:  ${entry.message}`, raw: entry.raw, path: entry.path, source: 'php-error', time: entry.time, pool: poolOfErrorLog(facts, entry.path)})
  }
  cache.set(facts, messages)
  return messages
}

/** The pool whose php_admin_value[error_log] / php_value[error_log] is this file. */
function poolOfErrorLog(facts: HostFacts, path: string): PhpMessage['pool'] {
  return hostPools(facts).find(({pool}) => pool.settings['php_admin_value[error_log]'] === path || pool.settings['php_value[error_log]'] === path)
}

function poolOfUpstream(facts: HostFacts, upstream: string | undefined): PhpMessage['pool'] {
  const address = upstreamAddress(upstream)
  if (!address) return undefined
  const parsed = parseAddress(address, null)
  const [first] = poolsServing(hostPools(facts), parsed)
  return first
}
