import {fpmRequestTerminated} from '../../../../src/checks/rules/fpm-request-terminated.js'
import {LAB_LOGS_NOW, later, logFacts, logLines} from '../log-facts.js'
import {factsFrom, ruleTester, withLogs} from '../rule-tester.js'

ruleTester(fpmRequestTerminated, {
  valid: [
    {name: 'healthy host', facts: () => factsFrom('healthy')},
    {name: 'slow but not terminated', facts: () => logFacts('slow-requests')},
    {name: 'a worker killed by hand is not a timeout', facts: () => logFacts('child-killed')},
    {name: 'terminated before the window', facts: () => later(logFacts('request-terminated'))},
  ],
  invalid: [
    {
      name: 'lab host: request_terminate_timeout 2s and a 5 s request',
      facts: () => logFacts('request-terminated'),
      errors: [
        {
          messageId: 'terminated',
          message: /^pool www: 1 request killed after request_terminate_timeout \(2s\) in the last 1h: \/var\/www\/app\/public\/sleep\.php$/,
          evidence: /execution timed out \([\d.]+ sec\), terminating[\s\S]*request_terminate_timeout = 2s \(\/etc\/php\/8\.2\/fpm\/pool\.d\/www\.conf:\d+\)/,
        },
      ],
    },
    {
      name: 'older FPM: the script comes from the child\'s earlier line; scripts counted',
      facts: () => {
        const [slow] = logLines('fpm-php8.2-fpm.log', /child 54, .*s=8.*executing too slow/)
        // The two-line form older FPM wrote (format string of php-src 5.x fpm_request.c), same child.
        const bare = '[25-Nov-2026 23:44:11] WARNING: [pool slow] child 54, script \'/var/www/html/sleep.php\' (request: "GET /slow/?s=8") execution timed out (5.078121 sec), terminating'
        const old = '[25-Nov-2026 23:44:20] WARNING: [pool slow] child 54 execution timed out (5.1 sec), terminating'
        return withLogs(factsFrom('healthy'), {fpm: [slow, bare, old]}, LAB_LOGS_NOW)
      },
      errors: [{messageId: 'terminated', message: /^pool slow: 2 requests killed after request_terminate_timeout in the last 1h: \/var\/www\/html\/sleep\.php x2$/}],
    },
  ],
  skipped: [{name: 'FPM log not readable', facts: () => factsFrom('nonroot'), skipped: /no FPM error log could be read/}],
})
