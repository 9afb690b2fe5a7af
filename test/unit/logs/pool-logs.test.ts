/** Pool logs (contract item 2): slowlog and PHP's own error log, exposed for their checks. */
import {describe, expect, it} from 'vitest'
import {windowedLogs} from '../../../src/checks/windowed-logs.js'
import {parseLog} from '../../../src/logs/window.js'
import {parseProbeOutput} from '../../../src/probe/parse.js'
import {FIXTURE_NONCE, fixtureText} from '../checks/rule-tester.js'
import {logLines, utc} from './helpers.js'

const NOW = utc(2026, 12, 4, 10, 30, 0)
const ctx = {now: NOW, utcOffset: '+0100', timeZone: 'Europe/Berlin'}

// php-src main/main.c php_log_err_with_severity: `[%s] %s` with the date as `d-M-Y H:i:s e`.
const PHP_ERRORS = [
  "[04-Dec-2026 10:00:00 UTC] PHP Fatal error:  Allowed memory size of 4194304 bytes exhausted (tried to allocate 16777248 bytes) in /var/www/app/public/mem.php on line 3",
  '[04-Dec-2026 11:05:00 Europe/Berlin] PHP Parse error:  syntax error, unexpected end of file in /var/www/app/public/broken.php on line 9',
  'PHP Stack trace:',
]

describe('PHP error log lines', () => {
  it('reads the stamp in the zone it names, the level and the message', () => {
    const entries = parseLog(PHP_ERRORS, 'php-error', ctx)
    expect(entries).toEqual([
      expect.objectContaining({time: utc(2026, 12, 4, 10, 0, 0), level: 'Fatal error', message: expect.stringMatching(/^Allowed memory size of 4194304 bytes exhausted/)}),
      expect.objectContaining({time: utc(2026, 12, 4, 10, 5, 0), level: 'Parse error', continuation: ['PHP Stack trace:']}),
    ])
  })

  it('php-error:POOL and fpm-slowlog:POOL frames land in facts.logs.phpError / fpmSlowlog, windowed', () => {
    const frame = (kind: string, path: string, lines: string[]) => {
      const body = `${lines.join('\n')}\n`
      return `==FLEET ${FIXTURE_NONCE} BEGIN log kind=${kind} path=${path} size=${Buffer.byteLength(body)}==\n${body}==FLEET ${FIXTURE_NONCE} END log rc=0==`
    }
    const slow = logLines('fpm-slow.slow.log')
    const stream = fixtureText('probe/fpm-stopped.txt')
      .replace(/^now=\d+$/m, `now=${NOW}`)
      .replace(
        `==FLEET ${FIXTURE_NONCE} BEGIN done`,
        `${frame('php-error:www', '/var/log/php/www-error.log', PHP_ERRORS)}\n${frame('fpm-slowlog:slow', '/var/log/php8.2-fpm.slow.log', slow)}\n==FLEET ${FIXTURE_NONCE} BEGIN done`,
      )
    const facts = parseProbeOutput(stream, FIXTURE_NONCE)
    expect(facts.logs.phpError).toMatchObject([{path: '/var/log/php/www-error.log', kind: 'php-error:www'}])
    expect(facts.logs.fpmSlowlog).toMatchObject([{path: '/var/log/php8.2-fpm.slow.log', kind: 'fpm-slowlog:slow'}])
    // Not mixed into the FPM master's log.
    expect(facts.logs.fpm.map((tail) => tail.path)).toEqual(['/var/log/php8.2-fpm.log'])
    expect(windowedLogs(facts).phpError.map((entry) => [entry.level, entry.path])).toEqual([
      ['Fatal error', '/var/log/php/www-error.log'],
      ['Parse error', '/var/log/php/www-error.log'],
    ])
    // The recorded slowlog (Asia/Kolkata lab container, 2026-11-25) read a little after it was written.
    const later = structuredClone(facts)
    later.system = {...later.system, now: utc(2026, 11, 25, 18, 20, 0), utcOffset: '+0530', timeZone: undefined}
    expect(windowedLogs(later).fpmSlowlog.length).toBe(slow.filter((line) => /\] +\[pool slow\] pid \d+$/.test(line)).length)
    expect(windowedLogs(later).fpmSlowlog[0]).toMatchObject({pool: 'slow', script: '/var/www/html/sleep.php'})
  })
})
