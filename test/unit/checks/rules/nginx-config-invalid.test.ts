import {nginxConfigInvalid} from '../../../../src/checks/rules/nginx-config-invalid.js'
import {factsFrom, ruleTester} from '../rule-tester.js'

ruleTester(nginxConfigInvalid, {
  valid: [
    {name: 'healthy host', facts: () => factsFrom('healthy')},
    {name: 'FPM stopped', facts: () => factsFrom('fpm-stopped')},
  ],
  invalid: [
    {
      name: 'a syntax error in a site file',
      facts: () => factsFrom('nginx-syntax-error'),
      errors: [{messageId: 'invalid', message: / in \/etc\/nginx\/\S+:\d+$/, evidence: /\[emerg\]/}],
    },
  ],
})
