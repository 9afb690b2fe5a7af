import {nginxUpstreamErrors} from '../../../../src/checks/rules/nginx-upstream-errors.js'
import {LAB_LOGS_NOW, later, logFacts, logLines} from '../log-facts.js'
import {factsFrom, ruleTester, withLogs} from '../rule-tester.js'

/** Built from nginx's format string (ngx_http_upstream.c): no lab fault produced it (a killed worker resets, 104). */
const prematurelyClosed =
  '2026/11/25 23:44:30 [error] 86#86: *90 upstream prematurely closed connection while reading response header from upstream, client: 127.0.0.1, server: _, request: "GET /die.php HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:", host: "127.0.0.1"'

ruleTester(nginxUpstreamErrors, {
  valid: [
    {name: 'healthy host', facts: () => factsFrom('healthy')},
    {name: 'missing socket is upstream/socket-missing\'s', facts: () => factsFrom('socket-missing')},
    {name: 'refusals are upstream/refused\'s', facts: () => logFacts('refused')},
    {name: 'full backlog is upstream/backlog-full\'s', facts: () => logFacts('backlog-full')},
    {
      name: 'permission denied is upstream/socket-permission\'s',
      facts: () => withLogs(factsFrom('healthy'), {nginxError: logLines('nginx-error.log', /\(13: Permission denied\)/)}, LAB_LOGS_NOW),
    },
    {name: 'timeouts before the window', facts: () => later(logFacts('upstream-timeout'))},
  ],
  invalid: [
    {
      name: 'lab host: fastcgi_read_timeout 2s and a 4 s request',
      facts: () => logFacts('upstream-timeout'),
      errors: [
        {
          messageId: 'errors',
          message: /^1 error "upstream timed out" \(504\) in the last 1h from unix:\/run\/php\/php8\.2-fpm\.sock$/,
          evidence: /upstream timed out \(110: Connection timed out\) while reading response header from upstream/,
        },
      ],
    },
    {
      name: 'lab host: worker killed mid-request',
      facts: () => logFacts('child-killed'),
      errors: [{messageId: 'errors', message: /^1 error "connection reset by upstream" \(502\)/, evidence: /recv\(\) failed \(104: Connection reset by peer\)/}],
    },
    {
      name: 'recorded error log: one finding per class, specific classes left out',
      facts: () => withLogs(factsFrom('healthy'), {nginxError: [...logLines('nginx-error.log'), prematurelyClosed]}, LAB_LOGS_NOW),
      errors: [
        {messageId: 'errors', message: /^2 errors "upstream timed out" \(504\) in the last 1h from unix:\/run\/php\/php8\.2-fpm\.sock x2$/},
        {messageId: 'errors', message: /^4 errors "connection reset by upstream" \(502\) .* from unix:\/run\/php\/(slow|php8\.2-fpm)\.sock x2, unix:\/run\/php\/(slow|php8\.2-fpm)\.sock x2$/, evidence: /readv\(\) failed \(104/},
        {messageId: 'errors', message: /^1 error "upstream sent too big header" \(502\)/, evidence: /GET \/bighdr\.php/},
        {messageId: 'errors', message: /^1 error "no live upstreams" \(502\) .* from two_dead$/},
        {messageId: 'errors', message: /^1 error "upstream prematurely closed" \(502\)/},
      ],
    },
  ],
  skipped: [{name: 'nginx error log not readable', facts: () => factsFrom('nonroot'), skipped: /no nginx error log could be read/}],
})
