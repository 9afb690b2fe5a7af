import {execBounded, type MatchEnd} from './bounded-exec.js'
import type {FpmLogEntry} from './types.js'

/**
 * PHP-FPM message classes, from php-src sapi/fpm/fpm/:
 * fpm_process_ctl.c (`server reached pm.max_children setting (%d), consider raising it`,
 * before PHP 5.3.? `max_children`; `seems busy (you may need to increase pm.start_servers,
 * or pm.min/max_spare_servers), spawning %d children, there are %d idle, and %d total children`),
 * fpm_request.c / fpm_children.c (`child %d, script '%s' (request: "%s %s") execution timed out
 * (%d.%06d sec), terminating`, `... executing too slow (%d.%06d sec), logging`),
 * fpm_children.c (`child %d exited on signal %d (%s)[ after %ld.%06d seconds from start]`),
 * fpm_conf.c for the configuration errors. First match wins.
 */
export interface FpmClass {
  class: string
  levels?: string[]
  pattern: RegExp
  /** For a pattern with `.*` before a literal: where its matches end, so it never scans a hostile line quadratically. */
  bound?: MatchEnd
}

// Signals that mean the worker died rather than was stopped by FPM (SIGTERM/SIGQUIT are FPM's own).
export const FATAL_SIGNALS = new Set(['SIGKILL', 'SIGSEGV', 'SIGBUS', 'SIGABRT'])

const CHILD_SCRIPT = String.raw`child (?<pid>\d+), script '(?<script>[^']*)' \(request: "(?<request>[^"]*)"\)`

export const FPM_CLASSES: FpmClass[] = [
  {class: 'max-children-reached', pattern: /server reached (?:pm\.)?max_children setting \((?<limit>\d+)\)/},
  {class: 'seems-busy', pattern: /seems busy \(you may need to increase pm\.start_servers, or pm\.min\/max_spare_servers\)(?:, spawning (?<spawning>\d+) children, there are (?<idle>\d+) idle, and (?<total>\d+) total children)?/},
  {class: 'request-terminated', pattern: new RegExp(`${CHILD_SCRIPT} execution timed out \\((?<seconds>[\\d.]+) sec\\), terminating`)},
  // Older FPM: the script is on an earlier line of the same child; see classifyFpm's `earlier`.
  {
    class: 'request-terminated',
    pattern: /child (?<pid>\d+)(?:, .*)? execution timed out \((?<seconds>[\d.]+) sec\), terminating/,
    bound: {needle: ' execution timed out (', end: / execution timed out \([\d.]+ sec\), terminating/g},
  },
  {class: 'slow-request', pattern: new RegExp(`${CHILD_SCRIPT} executing too slow \\((?<seconds>[\\d.]+) sec\\), logging`)},
  {class: 'child-killed', pattern: /child (?<pid>\d+) exited on signal (?<signo>\d+) \((?<signal>SIG[A-Z0-9]+)(?: - core dumped)?\)(?: after (?<after>[\d.]+) seconds from start)?/},
  {class: 'config-error', levels: ['ERROR', 'ALERT'], pattern: /unknown entry|unable to parse value|failed to (?:load|post process) the configuration|Unable to (?:include|globalize)|must be a positive value|has not been defined|no listen address|invalid value|cannot get (?:uid|gid)|\.conf:\d+\]|can't be greater than|must be specified for use with/},
  {class: 'error', levels: ['ERROR', 'ALERT'], pattern: /.*/},
]

export type FpmClassification = {class: string; pool?: string} & Record<string, string | undefined>

/**
 * Classify one FPM log entry, or null. `earlier` (older entries, oldest first) lets an
 * `execution timed out` line without a script borrow it from the child's preceding line.
 */
export function classifyFpm(entry: FpmLogEntry, earlier: FpmLogEntry[] = []): FpmClassification | null {
  for (const rule of FPM_CLASSES) {
    if (rule.levels && !rule.levels.includes(entry.level)) continue
    const match = execBounded(rule.pattern, entry.message, rule.bound)
    if (!match) continue
    const groups: Record<string, string | undefined> = {...match.groups}
    if (rule.class === 'child-killed' && !FATAL_SIGNALS.has(groups.signal ?? '')) return null
    const result: FpmClassification = {class: rule.class, ...definedOnly(groups)}
    if (entry.pool !== undefined) result.pool = entry.pool
    if (rule.class === 'request-terminated' && result.script === undefined) {
      const script = scriptOfChild(result.pid, earlier)
      if (script) Object.assign(result, script)
    }
    if (rule.class === 'error' || rule.class === 'config-error') result.message = entry.message
    return result
  }
  return null
}

function scriptOfChild(pid: string | undefined, earlier: FpmLogEntry[]): {script: string; request: string} | null {
  const pattern = new RegExp(CHILD_SCRIPT)
  for (let i = earlier.length - 1; i >= 0; i--) {
    const match = pattern.exec(earlier[i].message)
    if (match?.groups && match.groups.pid === pid) return {script: match.groups.script, request: match.groups.request}
  }
  return null
}

function definedOnly(groups: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(groups).filter(([, value]) => value !== undefined)) as Record<string, string>
}
