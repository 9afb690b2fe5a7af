import {upstreamRefused} from '../../../../src/checks/rules/upstream-refused.js'
import {LAB_LOGS_NOW, later, logFacts, logLines} from '../log-facts.js'
import {factsFrom, ruleTester, withLogs} from '../rule-tester.js'

const refusedLine = () => logLines('nginx-error.log', /\(111: Connection refused\)/)

/**
 * A stale unix socket: nginx's refusal for a unix peer, built from the format string
 * (ngx_event_connect.c `connect() to %V failed`), as no stale socket was provoked in the lab.
 */
const staleLine =
  '2026/11/25 23:44:12 [error] 39#39: *80 connect() to unix:/run/php/php8.2-fpm.sock failed (111: Connection refused) while connecting to upstream, client: 127.0.0.1, server: _, request: "GET /index.php HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:", host: "127.0.0.1"'

ruleTester(upstreamRefused, {
  valid: [
    {name: 'healthy host', facts: () => factsFrom('healthy')},
    {name: 'missing socket is ENOENT, not a refusal', facts: () => factsFrom('socket-missing')},
    {name: 'EAGAIN on a full backlog is not a refusal', facts: () => logFacts('backlog-full')},
    {name: 'refused before the window', facts: () => later(logFacts('refused'))},
  ],
  invalid: [
    {
      name: 'lab host: fastcgi_pass 127.0.0.1:9999 with nothing listening',
      facts: () => logFacts('refused'),
      errors: [
        {
          messageId: 'refused',
          message: /^1 connection to 127\.0\.0\.1:9999 refused in the last 1h: nothing listens on that port now \(\/etc\/nginx\/sites-enabled\/app:\d+\)$/,
          evidence: /\(111: Connection refused\)[\s\S]*fastcgi_pass 127\.0\.0\.1:9999[\s\S]*no listener on 127\.0\.0\.1:9999 in ss output/,
        },
      ],
    },
    {
      name: 'recorded line on a host where a wildcard listener is up on that port now',
      facts: () => {
        const facts = withLogs(factsFrom('healthy'), {nginxError: refusedLine()}, LAB_LOGS_NOW)
        facts.listeners.push({kind: 'tcp', address: '0.0.0.0:9009', process: 'php-fpm8.2'})
        return facts
      },
      errors: [{messageId: 'refused', message: /to 127\.0\.0\.1:9009 refused .*something listens there now/, evidence: /listening: tcp 0\.0\.0\.0:9009 \(php-fpm8\.2\)/}],
    },
    {
      name: 'stale unix socket: the file exists, no FPM listens',
      facts: () => {
        const facts = withLogs(factsFrom('fpm-stopped'), {nginxError: [staleLine]}, LAB_LOGS_NOW)
        facts.paths = facts.paths.map((stat) => (stat.path === '/run/php/php8.2-fpm.sock' ? {...stat, exists: true, type: 'socket', owner: 'www-data', group: 'www-data', mode: '660'} : stat))
        return facts
      },
      errors: [{messageId: 'refused', message: /to unix:\/run\/php\/php8\.2-fpm\.sock refused .*stale socket/, evidence: /fastcgi_pass unix:\/run\/php\/php8\.2-fpm\.sock[\s\S]*socket www-data www-data 660/}],
    },
    {
      name: 'unix socket gone by now',
      facts: () => withLogs(factsFrom('fpm-stopped'), {nginxError: [staleLine]}, LAB_LOGS_NOW),
      errors: [{messageId: 'refused', message: /the socket file is gone now/, evidence: /No such file or directory/}],
    },
  ],
  skipped: [
    {name: 'nginx error log not readable', facts: () => factsFrom('nonroot'), skipped: /no nginx error log could be read \(\/var\/log\/nginx\/error\.log: .*Permission denied\)/},
  ],
})
