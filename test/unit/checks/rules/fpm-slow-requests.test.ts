import {fpmSlowRequests} from '../../../../src/checks/rules/fpm-slow-requests.js'
import {LAB_LOGS_NOW, later, logFacts, logLines} from '../log-facts.js'
import {factsFrom, ruleTester, withLogs} from '../rule-tester.js'

ruleTester(fpmSlowRequests, {
  valid: [
    {name: 'healthy host', facts: () => factsFrom('healthy')},
    {name: 'pool saturated but no request over the slowlog timeout', facts: () => logFacts('max-children')},
    {name: 'slow before the window', facts: () => later(logFacts('slow-requests'))},
  ],
  invalid: [
    {
      name: 'lab host: request_slowlog_timeout 1s and a 3 s request',
      facts: () => logFacts('slow-requests'),
      errors: [
        {
          messageId: 'slow',
          message:
            /^pool www: 1 request slower than request_slowlog_timeout \(1s\) in the last 1h \(\/var\/www\/app\/public\/sleep\.php\); traces in \/var\/log\/php8\.2-fpm\.slow\.log \(slowlog at \/etc\/php\/8\.2\/fpm\/pool\.d\/www\.conf:\d+\)$/,
          evidence: /executing too slow[\s\S]*slowlog = \/var\/log\/php8\.2-fpm\.slow\.log/,
        },
      ],
    },
    {
      name: 'recorded FPM log: pool slow is not in this host\'s config, so no slowlog path is claimed',
      facts: () => withLogs(factsFrom('healthy'), {fpm: logLines('fpm-php8.2-fpm.log')}, LAB_LOGS_NOW),
      errors: [{messageId: 'slow', message: /^pool slow: 9 requests slower than request_slowlog_timeout in the last 1h \(\/var\/www\/html\/sleep\.php x9\); traces in the pool slowlog \(path not in the config read\)$/}],
    },
  ],
  skipped: [{name: 'FPM log not readable', facts: () => factsFrom('nonroot'), skipped: /no FPM error log could be read/}],
})
