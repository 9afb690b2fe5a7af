import {fpmMaxChildrenReached} from '../../../../src/checks/rules/fpm-max-children-reached.js'
import {LAB_LOGS_NOW, later, logFacts, logLines} from '../log-facts.js'
import {factsFrom, ruleTester, withLogs} from '../rule-tester.js'

ruleTester(fpmMaxChildrenReached, {
  valid: [
    {name: 'healthy host', facts: () => factsFrom('healthy')},
    {name: 'requests terminated, pool never full', facts: () => logFacts('request-terminated')},
    {name: 'backlog full with one child: FPM never logged max_children', facts: () => logFacts('backlog-full')},
    {name: 'the warning is older than the window', facts: () => later(logFacts('max-children'))},
    {name: 'no FPM installed', facts: () => Object.assign(factsFrom('healthy'), {fpm: []})},
  ],
  invalid: [
    {
      name: 'lab host: max_children 2 and concurrent slow requests',
      facts: () => logFacts('max-children'),
      errors: [
        {
          messageId: 'reached',
          message: /^pool www reached pm\.max_children \(2\) 1 time in the last 1h \(set at \/etc\/php\/8\.2\/fpm\/pool\.d\/www\.conf:\d+\)$/,
          evidence: /\[pool www\] server reached pm\.max_children setting \(2\)[\s\S]*pm\.max_children = 2 \(\/etc\/php/,
        },
      ],
    },
    {
      name: 'recorded FPM log: the limit comes from the line, per pool',
      facts: () => withLogs(factsFrom('healthy'), {fpm: logLines('fpm-php8.2-fpm.log')}, LAB_LOGS_NOW),
      errors: [{messageId: 'reached', message: /^pool www reached pm\.max_children \(2\) 1 time/}],
    },
    {
      name: 'two pools, counted apart; a cut tail makes the count a lower bound',
      facts: () => {
        const line = logLines('fpm-php8.2-fpm.log', /server reached/)[0]
        const facts = withLogs(factsFrom('healthy'), {fpm: ['[25-Nov-2026 23:40:00] NOTICE: cut', line, line, line.replace('[pool www]', '[pool shop]')]}, LAB_LOGS_NOW)
        facts.logs.fpm[0].truncated = true
        return facts
      },
      errors: [
        {messageId: 'reached', message: /^pool www .* at least 2 times/},
        {messageId: 'reached', message: /^pool shop reached pm\.max_children \(2\) at least 1 time in the last 1h$/},
      ],
    },
  ],
  skipped: [{name: 'FPM log not readable (non-root probe)', facts: () => factsFrom('nonroot'), skipped: /no FPM error log could be read \(\/var\/log\/php8\.2-fpm\.log: .*Permission denied\)/}],
})
