import {nginxResourceLimits} from '../../../../src/checks/rules/nginx-resource-limits.js'
import {LAB_LOGS_NOW, later} from '../log-facts.js'
import {factsFrom, ruleTester, withLogs} from '../rule-tester.js'

// nginx's own lines (src/core/ngx_connection.c, src/event/ngx_event_accept.c, ngx_files.c).
const CONNECTIONS = '2026/11/25 23:44:01 [alert] 812#812: *1530 768 worker_connections are not enough while connecting to upstream, client: 10.0.0.7, server: app.test, request: "GET / HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:", host: "app.test"'
const NOFILE = '2026/11/25 23:44:02 [crit] 812#812: accept4() failed (24: Too many open files)'
const NOSPACE =
  '2026/11/25 23:44:03 [crit] 812#812: *77 pwrite() "/var/lib/nginx/body/0000000012" failed (28: No space left on device), client: 10.0.0.7, server: app.test, request: "POST /upload HTTP/1.1", host: "app.test"'
const UPSTREAM_RESET = '2026/11/25 23:44:04 [error] 812#812: *78 recv() failed (104: Connection reset by peer) while reading response header from upstream, client: 10.0.0.7, server: app.test, request: "GET / HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:", host: "app.test"'

ruleTester(nginxResourceLimits, {
  valid: [
    {name: 'healthy host', facts: () => factsFrom('healthy')},
    {name: 'other errno lines are not resource limits', facts: () => withLogs(factsFrom('healthy'), {nginxError: [UPSTREAM_RESET]}, LAB_LOGS_NOW)},
    {name: 'before the window', facts: () => later(withLogs(factsFrom('healthy'), {nginxError: [CONNECTIONS]}, LAB_LOGS_NOW))},
  ],
  invalid: [
    {
      name: 'one finding per class, with worker_connections FILE:LINE and the rlimit default',
      facts: () => withLogs(factsFrom('healthy'), {nginxError: [CONNECTIONS, CONNECTIONS, NOFILE, NOSPACE]}, LAB_LOGS_NOW),
      errors: [
        {
          messageId: 'connections',
          message: /^worker_connections are not enough: 2 lines in the last 1h; worker_connections 768 \(\/etc\/nginx\/nginx\.conf:\d+\), worker_rlimit_nofile not set/,
          evidence: /768 worker_connections are not enough[\s\S]*nginx\.conf:\d+: worker_connections 768;/,
        },
        {messageId: 'files', message: /^too many open files \(24\): 1 line in the last 1h/, evidence: /accept4\(\) failed \(24: Too many open files\)/},
        {messageId: 'disk', message: /^no space left on device \(28\): 1 line in the last 1h/, evidence: /0000000012" failed \(28: No space left on device\)/},
      ],
    },
  ],
  skipped: [{name: 'nginx error log not readable', facts: () => factsFrom('nonroot'), skipped: /no nginx error log could be read/}],
})
