import {hostPartial} from '../../../../src/checks/rules/host-partial.js'
import {factsFrom, ruleTester} from '../rule-tester.js'

ruleTester(hostPartial, {
  valid: [
    {
      name: 'everything collected',
      facts: () => {
        const facts = factsFrom('healthy')
        facts.partial = []
        return facts
      },
    },
  ],
  invalid: [
    {
      // Recorded as `nobody`: logs and nginx -t are closed to it. Info only, never an alarm.
      name: 'a non-root probe without log access',
      facts: () => factsFrom('nonroot'),
      errors: factsFrom('nonroot').partial.map(() => ({messageId: 'partial', message: /not collected: /})),
    },
  ],
})
