import {fpmSeemsBusy} from '../../../../src/checks/rules/fpm-seems-busy.js'
import {LAB_LOGS_NOW, later, logFacts, logLines} from '../log-facts.js'
import {factsFrom, ruleTester, withLogs} from '../rule-tester.js'

const recorded = () => withLogs(factsFrom('healthy'), {fpm: logLines('fpm-php8.2-fpm.log')}, LAB_LOGS_NOW)

ruleTester(fpmSeemsBusy, {
  valid: [
    {name: 'healthy host', facts: () => factsFrom('healthy')},
    {name: 'max_children reached alone is not "seems busy"', facts: () => logFacts('max-children')},
    {name: 'lines older than the window', facts: () => later(recorded())},
  ],
  invalid: [
    {
      name: 'recorded FPM log: 8 concurrent slow requests on pool slow',
      facts: recorded,
      errors: [
        {
          messageId: 'busy',
          message: /^pool slow seemed busy 2 times in the last 1h \(last: 0 idle of 5 children\)$/,
          evidence: /spawning 16 children, there are 0 idle, and 5 total children/,
        },
      ],
    },
  ],
  skipped: [{name: 'FPM log not readable', facts: () => factsFrom('nonroot'), skipped: /no FPM error log could be read/}],
})
