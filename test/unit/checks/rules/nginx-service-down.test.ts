import {nginxServiceDown} from '../../../../src/checks/rules/nginx-service-down.js'
import {factsFrom, ruleTester} from '../rule-tester.js'

ruleTester(nginxServiceDown, {
  valid: [
    {name: 'healthy host', facts: () => factsFrom('healthy')},
    {name: 'FPM stopped does not make nginx down', facts: () => factsFrom('fpm-stopped')},
    {name: 'no systemd, nginx running from its pid file', facts: () => factsFrom('no-systemd')},
  ],
  invalid: [{name: 'nginx stopped', facts: () => factsFrom('nginx-stopped'), errors: [{messageId: 'down', message: /nginx is inactive/, evidence: /ActiveState=inactive/}]}],
})
