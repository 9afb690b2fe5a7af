import {fpmServiceDown} from '../../../../src/checks/rules/fpm-service-down.js'
import {parseNginxDump} from '../../../../src/nginx/parse-dump.js'
import {factsFrom, ruleTester} from '../rule-tester.js'

ruleTester(fpmServiceDown, {
  valid: [
    {name: 'healthy host', facts: () => factsFrom('healthy')},
    {name: 'nginx stopped does not make FPM down', facts: () => factsFrom('nginx-stopped')},
    {
      name: 'a disabled FPM that nginx does not use',
      facts: () => {
        const facts = factsFrom('fpm-stopped')
        for (const install of facts.fpm) install.service.enabled = false
        // nginx passes nowhere near this install's pools.
        facts.fpm.forEach((install) => install.config?.pools.forEach((pool) => (pool.listen = '/run/php/other.sock')))
        return facts
      },
    },
  ],
  invalid: [
    {
      // Disabled at boot, but nginx still passes to its TCP pool: that is an outage.
      name: 'a disabled FPM whose TCP pool nginx passes to',
      facts: () => {
        const facts = factsFrom('fpm-stopped')
        for (const install of facts.fpm) {
          install.service.enabled = false
          install.config?.pools.forEach((pool) => Object.assign(pool, {listen: '127.0.0.1:9000', listenKind: 'tcp'}))
        }
        facts.nginx.config = parseNginxDump(
          '# configuration file /etc/nginx/nginx.conf:\nevents {}\nhttp { server { location ~ \\.php$ { fastcgi_pass 127.0.0.1:9000; } } }\n',
        )
        return facts
      },
      errors: [{messageId: 'down', message: /nginx passes to its pool \[www\] 127\.0\.0\.1:9000/}],
    },
    {
      name: 'FPM stopped while nginx passes to its socket',
      facts: () => factsFrom('fpm-stopped'),
      errors: [{messageId: 'down', message: /php8\.2-fpm(\.service)? is inactive; nginx passes to its pool \[www\]/, evidence: /ActiveState=inactive/}],
    },
  ],
})
