import {upstreamSocketMismatch} from '../../../../src/checks/rules/upstream-socket-mismatch.js'
import {configFacts} from '../config-facts.js'
import {factsFrom, ruleTester} from '../rule-tester.js'

ruleTester(upstreamSocketMismatch, {
  valid: [
    {name: 'healthy host', facts: () => factsFrom('healthy')},
    // The pool still says /run/php/php8.2-fpm.sock: nginx and FPM agree, FPM is just down.
    {name: 'FPM stopped: same address on both sides', facts: () => factsFrom('fpm-stopped')},
    {name: 'an unrelated fault: socket permissions', facts: () => configFacts('socket-permission')},
    {
      name: 'nginx names /var/run/php/...: the same socket through the /var/run -> /run symlink',
      facts: () => {
        const facts = configFacts('socket-mismatch')
        for (const install of facts.fpm) for (const pool of install.config?.pools ?? []) pool.listen = '/var/run/php/php8.2-fpm.sock'
        return facts
      },
    },
    {
      name: 'nginx passes to a path that exists as a socket (Debian alternatives symlink /run/php/php-fpm.sock)',
      facts: () => {
        const facts = factsFrom('healthy')
        // The recorded stat of the symlink (stat -L): a live socket, though no pool names that path.
        for (const install of facts.fpm) for (const pool of install.config?.pools ?? []) pool.listen = '/run/php/php8.2-fpm.sock'
        facts.nginx.config!.tree = JSON.parse(JSON.stringify(facts.nginx.config!.tree).replaceAll('unix:/run/php/php8.2-fpm.sock', 'unix:/run/php/php-fpm.sock'))
        return facts
      },
    },
    {
      name: 'TCP fastcgi_pass to another host is not judged from here',
      facts: () => {
        const facts = configFacts('socket-mismatch-tcp')
        facts.nginx.config!.tree = JSON.parse(JSON.stringify(facts.nginx.config!.tree).replaceAll('127.0.0.1:9000', '10.0.0.5:9000'))
        return facts
      },
    },
    {
      name: 'TCP pool on that port (listen = 9000 binds every address)',
      facts: () => {
        const facts = configFacts('socket-mismatch-tcp')
        facts.fpm[0].config!.pools.push({...facts.fpm[0].config!.pools[0], name: 'api', listen: '9000', listenKind: 'tcp'})
        return facts
      },
    },
  ],
  invalid: [
    {
      name: 'pool moved to /run/php/www.sock, nginx still passes to php8.2-fpm.sock (direct and via upstream {})',
      facts: () => configFacts('socket-mismatch'),
      errors: [
        {
          messageId: 'mismatch',
          message:
            /^pool www listens on \/run\/php\/www\.sock \(\/etc\/php\/8\.2\/fpm\/pool\.d\/www\.conf:\d+\) but nginx passes to unix:\/run\/php\/php8\.2-fpm\.sock \(\/etc\/nginx\/sites-enabled\/app\.conf:\d+ and 1 more\)/,
          evidence: /server unix:\/run\/php\/php8\.2-fpm\.sock[\s\S]*listen = \/run\/php\/www\.sock[\s\S]*\(2: No such file or directory\)/,
        },
      ],
    },
    {
      name: 'a site passes to a ghost socket while pool www listens on php8.2-fpm.sock (socket-missing also fires; this is its cause)',
      facts: () => factsFrom('socket-missing'),
      errors: [{messageId: 'mismatch', message: /pool www listens on \/run\/php\/php8\.2-fpm\.sock .* but nginx passes to unix:\/run\/php\/ghost\.sock \(\/etc\/nginx\/sites-enabled\/ghost\.conf:6\)/}],
    },
    {
      name: 'fastcgi_pass 127.0.0.1:9000 with nothing listening, pool on its unix socket',
      facts: () => configFacts('socket-mismatch-tcp'),
      errors: [{messageId: 'mismatch', message: /pool www listens on \/run\/php\/php8\.2-fpm\.sock .* but nginx passes to 127\.0\.0\.1:9000 \(\/etc\/nginx\/sites-enabled\/app\.conf:\d+\)/, evidence: /\(111: Connection refused\)/}],
    },
  ],
  skipped: [
    {
      name: 'nginx config not readable',
      facts: () => {
        const facts = configFacts('socket-mismatch')
        facts.nginx.config = null
        return facts
      },
      skipped: /nginx config could not be read/,
    },
    {
      name: 'FPM config not readable: no guess about which pool is where',
      facts: () => {
        const facts = configFacts('socket-mismatch')
        facts.fpm[0].config = null
        return facts
      },
      skipped: /FPM configuration of php-fpm8\.2 could not be read/,
    },
  ],
})
