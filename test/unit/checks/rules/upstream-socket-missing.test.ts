import {upstreamSocketMissing} from '../../../../src/checks/rules/upstream-socket-missing.js'
import {factsFrom, ruleTester} from '../rule-tester.js'

ruleTester(upstreamSocketMissing, {
  valid: [
    {name: 'healthy host', facts: () => factsFrom('healthy')},
    {name: 'nginx stopped', facts: () => factsFrom('nginx-stopped')},
  ],
  invalid: [
    {
      name: 'fastcgi_pass to a socket nobody listens on',
      facts: () => factsFrom('socket-missing'),
      errors: [{messageId: 'missing', message: /fastcgi_pass at \/etc\/nginx\/\S+:\d+ passes to \/\S+\.sock, which does not exist/, evidence: /No such file or directory/}],
    },
    {
      name: 'FPM stopped: its socket is gone too',
      facts: () => factsFrom('fpm-stopped'),
      errors: [{messageId: 'missing', message: /php8\.2-fpm\.sock, which does not exist/}],
    },
  ],
  skipped: [
    {
      name: 'nginx config not readable',
      facts: () => {
        const facts = factsFrom('healthy')
        facts.nginx.config = null
        return facts
      },
      skipped: /nginx config could not be read/,
    },
  ],
})
