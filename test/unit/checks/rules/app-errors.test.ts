import {appErrors} from '../../../../src/checks/rules/app-errors.js'
import {factsWithEvidence, type FrameSpec} from '../evidence-facts.js'
import {LAB_LOGS_NOW, later} from '../log-facts.js'
import {ruleTester} from '../rule-tester.js'
import type {HostFacts} from '../../../../src/probe/facts.js'

// Laravel 11 (Monolog's LineFormatter) as it writes storage/logs/laravel.log.
const QUERY = [
  '[2026-11-25 23:40:00] production.ERROR: SQLSTATE[HY000] [2002] Connection refused (Connection: mysql, SQL: select * from `users`) {"exception":"[object] (Illuminate\\\\Database\\\\QueryException(code: 2002): SQLSTATE[HY000] [2002] Connection refused (Connection: mysql, SQL: select * from `users`) at /srv/app/vendor/laravel/framework/src/Illuminate/Database/Connection.php:829)',
  '[stacktrace]',
  '#0 /srv/app/vendor/laravel/framework/src/Illuminate/Database/Connection.php(783): Illuminate\\\\Database\\\\Connection->runQueryCallback()',
  '"}',
]
const OWN = '[2026-11-25 23:41:00] production.CRITICAL: Payment provider down {"exception":"[object] (App\\\\Exceptions\\\\PaymentFailed(code: 0): Payment provider down at /srv/app/app/Services/Pay.php:12)"}'
const INFO = '[2026-11-25 23:42:00] production.INFO: user logged in {"id":4} []'

const appLog = (lines: string[], extra: Record<string, string | number> = {}): FrameSpec => ({
  name: 'app-log',
  attrs: {root: '/srv/app/public', path: '/srv/app/storage/logs/laravel.log', size: 2000, ...extra},
  body: lines.join('\n'),
})

function at(facts: HostFacts): HostFacts {
  facts.system.now = LAB_LOGS_NOW
  return facts
}

ruleTester(appErrors, {
  valid: [
    {name: 'healthy host without a Laravel app', facts: () => at(factsWithEvidence('healthy'))},
    {name: 'INFO entries only', facts: () => at(factsWithEvidence('healthy', [appLog([INFO])]))},
    {name: 'errors before the window', facts: () => later(at(factsWithEvidence('healthy', [appLog([...QUERY, OWN])])))},
  ],
  invalid: [
    {
      name: 'counted by exception class, newest message, stamps read as UTC',
      facts: () => at(factsWithEvidence('healthy', [appLog([...QUERY, QUERY[0].replace('23:40:00', '23:40:30'), ...QUERY.slice(1), OWN, INFO])])),
      errors: [
        {
          messageId: 'errors',
          message: /^\/srv\/app: 3 errors in the last 1h \(stamps read as UTC, Laravel's default app\.timezone\): Illuminate\\Database\\QueryException x2, App\\Exceptions\\PaymentFailed; newest: Payment provider down$/,
          evidence: /laravel\.log: \[2026-11-25 23:40:30\] production\.ERROR: SQLSTATE/,
        },
      ],
    },
    {
      name: 'lab host (real lines): the same entry in laravel.log and the daily laravel-2026-11-25.log counts once',
      facts: () => {
        const line =
          '[2026-11-25 23:41:17] production.ERROR: Connection refused [tcp://127.0.0.1:6379] {"exception":"[object] (RuntimeException(code: 0): Connection refused [tcp://127.0.0.1:6379] at /srv/app/public/index.php:2)"}'
        return at(factsWithEvidence('healthy', [appLog([line, '']), appLog([line, ''], {path: '/srv/app/storage/logs/laravel-2026-11-25.log'})]))
      },
      errors: [{messageId: 'errors', message: /^\/srv\/app: 1 error in the last 1h .*: RuntimeException; newest: Connection refused \[tcp:\/\/127\.0\.0\.1:6379\]$/}],
    },
    {
      name: 'a stamp with its offset is read in it (Monolog 3 ISO stamps)',
      facts: () => at(factsWithEvidence('healthy', [appLog(['[2026-11-26T00:40:00.123456+01:00] production.ERROR: boom []'])])),
      errors: [{messageId: 'errors', message: /^\/srv\/app: 1 error in the last 1h: ERROR without exception; newest: boom$/}],
    },
  ],
  skipped: [
    {
      name: 'the application log could not be read',
      facts: () => at(factsWithEvidence('healthy', [{...appLog([]), rc: 1, stderr: "tail: cannot open '/srv/app/storage/logs/laravel.log' for reading: Permission denied"}])),
      skipped: /application log not readable: \/srv\/app\/storage\/logs\/laravel\.log: tail: cannot open/,
    },
  ],
})
