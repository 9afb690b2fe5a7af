import type {Check} from '../types.js'
import {groupBy} from '../log-group.js'
import {countText, describeWindow, logUnavailable, plural} from '../log-window.js'
import {phpMessages, type PhpMessage} from '../php-messages.js'
import {describePhpSetting, phpSetting} from '../php-settings.js'

/** What killed the script, from PHP's own wording (php-src Zend/zend_alloc.c, Zend/zend_execute_API.c). */
const CLASSES = [
  {id: 'memory', label: 'memory exhausted', pattern: /Allowed memory size of (\d+) bytes exhausted/, setting: 'memory_limit'},
  {id: 'time', label: 'time limit', pattern: /Maximum execution time of (\d+) seconds? exceeded/, setting: 'max_execution_time'},
  {id: 'other', label: 'other', pattern: /./, setting: null},
] as const

const FATAL = /^PHP (?:Fatal|Parse) error:/
// `in /var/www/x.php on line 3` (errors) or `in /var/www/x.php:3` (uncaught exceptions); the last one names the script.
const SCRIPT = / in (\/[^\s:]+\.php)(?: on line \d+|:\d+)/g

export function fatalClass(text: string): (typeof CLASSES)[number] {
  return CLASSES.find((entry) => entry.pattern.test(text))!
}

export function scriptOf(message: PhpMessage): string {
  const all = [...message.text.matchAll(SCRIPT)]
  if (all.length > 0) return all[all.length - 1][1]
  return message.request?.split(' ')[1]?.split('?')[0] ?? 'unknown script'
}

/** One death: the messages (at most one per log source) that tell it. */
interface Death {
  script: string
  time: number | null
  messages: PhpMessage[]
}

/** How far apart (seconds) two logs may stamp the same death: each writes whole seconds, at its own moment. */
const SAME_DEATH_SECONDS = 1

/**
 * The deaths the messages (one class) tell, oldest first: a message of another source naming the same
 * script within SAME_DEATH_SECONDS of a death is that death told again; anything else is a death of its own.
 */
export function deaths(messages: PhpMessage[]): Death[] {
  const ordered = messages.map((message, index) => ({message, index})).sort((a, b) => (a.message.time ?? -Infinity) - (b.message.time ?? -Infinity) || a.index - b.index)
  const out: Death[] = []
  for (const {message} of ordered) {
    const script = scriptOf(message)
    const time = message.time
    const same = out.find(
      (death) =>
        death.script === script &&
        time !== null &&
        death.time !== null &&
        Math.abs(death.time - time) <= SAME_DEATH_SECONDS &&
        !death.messages.some((told) => told.source === message.source),
    )
    if (same) same.messages.push(message)
    else out.push({script, time, messages: [message]})
  }
  return out
}

export const phpFatalErrors: Check = {
  needs: [['nginx-error-log', 'fpm-log', 'php-error-log']],
  meta: {
    id: 'php/fatal-errors',
    severity: 'warning',
    summary: 'PHP scripts died with Fatal or Parse errors (memory, time limit, code) in the window',
    docs: {
      description:
        "A PHP script stopped with a Fatal error (memory_limit reached, max_execution_time reached, an uncaught exception, a call to an undefined function) or a Parse error. PHP's message reaches nginx as FastCGI stderr and, with catch_workers_output, the FPM log. The script name and the class tell what to change.",
      symptom: '500 Internal Server Error (or a blank page) for the requests that hit the script; 502 when the worker died with it.',
      fix: 'Memory exhausted: fix the script (it loads too much) or raise memory_limit for that pool. Time limit: make the script faster or raise max_execution_time. Other: read the message and fix the code; a Parse error means a broken deploy.',
      snippet: '; pool.d/www.conf\nphp_admin_value[memory_limit] = 256M\nphp_admin_value[max_execution_time] = 60',
    },
    // One messageId per class (the cause line relates classes to other findings).
    messages: {
      memory: '{{count}} PHP fatal {{errors}} ({{class}}) in the last {{window}}: {{scripts}}{{setting}}',
      time: '{{count}} PHP fatal {{errors}} ({{class}}) in the last {{window}}: {{scripts}}{{setting}}',
      other: '{{count}} PHP fatal {{errors}} ({{class}}) in the last {{window}}: {{scripts}}{{setting}}',
    },
  },
  run(facts, context) {
    // PHP's messages reach any of the logs (runChecks skipped the check when none could be read).
    if (logUnavailable(facts, 'nginxError') === 'absent' && logUnavailable(facts, 'fpm') === 'absent') return
    const fatals = phpMessages(facts).filter((message) => FATAL.test(message.text))
    const tails = [...facts.logs.nginxError, ...facts.logs.fpm, ...facts.logs.phpError]
    for (const kind of CLASSES) {
      const all = fatals.filter((message) => fatalClass(message.text) === kind)
      if (all.length === 0) continue
      // One death can be told twice (FastCGI stderr to nginx and the worker's stderr to the FPM log or
      // PHP's error log): counted once per event, never per source, so different deaths in different logs all count.
      const mine = deaths(all)
      const byScript = groupBy(mine, (event) => event.script)
      const pools = [...new Map(mine.flatMap((event) => event.messages.flatMap((message) => (message.pool ? [[message.pool.pool, message.pool] as const] : [])))).values()]
      const settings = kind.setting
        ? (pools.length > 0 ? pools : [undefined]).map((ref) => describePhpSetting(kind.setting!, phpSetting(facts, ref, kind.setting!)))
        : []
      context.report({
        messageId: kind.id,
        data: {
          count: countText(mine.length, tails),
          errors: plural(mine.length, 'error').replace(/^\d+ /, ''),
          class: kind.label,
          window: describeWindow(facts.windowSeconds),
          scripts: [...byScript].map(([script, all]) => (all.length > 1 ? `${script} x${all.length}` : script)).slice(0, 3).join(', ') + (byScript.size > 3 ? `, +${byScript.size - 3} more` : ''),
          setting: settings.length > 0 ? `; ${[...new Set(settings)].join(', ')}` : '',
        },
        // One sample per script (the newest), so each script named is backed by a line.
        evidence: [...byScript.values()].slice(0, 3).map((all) => all[all.length - 1].messages[0].raw),
      })
    }
  },
}
