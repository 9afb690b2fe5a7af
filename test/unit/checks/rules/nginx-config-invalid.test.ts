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
      errors: [{messageId: 'invalid', message: /^nginx -t fails: unexpected "}" in \/etc\/nginx\/sites-enabled\/broken\.conf:5$/, evidence: /\[emerg\]/}],
    },
  ],
})

ruleTester(nginxConfigInvalid, {
  valid: [],
  invalid: [
    {
      // Recorded from the lab's site-typo host: with error_log open, nginx -t writes the log form.
      name: 'the error-log form of the [emerg] line',
      facts: () => {
        const facts = factsFrom('healthy')
        facts.nginx.test = {
          exitCode: 1,
          stdout: '',
          stderr:
            '2026/11/25 18:31:27 [emerg] 99#99: directive "index" is not terminated by ";" in /etc/nginx/sites-enabled/app:9\nnginx: configuration file /etc/nginx/nginx.conf test failed\n',
        }
        return facts
      },
      errors: [{messageId: 'invalid', message: /^nginx -t fails: directive "index" is not terminated by ";" in \/etc\/nginx\/sites-enabled\/app:9$/}],
    },
  ],
})
