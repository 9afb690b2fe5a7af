import {upstreamAddress} from '../../logs/classify-nginx.js'
import type {Check} from '../types.js'
import {groupBy, topCounts} from '../log-group.js'
import {upstreamEvents} from '../log-nginx-upstream.js'
import {countText, describeWindow, logUnavailable, noteLogGaps, plural} from '../log-window.js'

/**
 * Upstream failure classes this check counts (classes from NGINX_ERROR_CLASSES), with what
 * each means. Classes absent here are owned by a more specific check
 * (socket-missing, socket-permission, refused, backlog-full) and are not counted twice.
 */
const CLASSES: Record<string, {label: string; status: string; fix: string}> = {
  'timed-out': {
    label: 'upstream timed out',
    status: '504',
    fix: 'The backend did not answer within fastcgi_read_timeout (or *_connect/send_timeout): find the slow script (FPM slowlog) and order the timeouts (timeouts/order).',
  },
  'prematurely-closed': {
    label: 'upstream prematurely closed',
    status: '502',
    fix: 'The backend closed the connection before a full response: PHP fatal errors, request_terminate_timeout kills or crashes; read the FPM log at the same time.',
  },
  unreachable: {
    label: 'no route to upstream',
    status: '502',
    fix: 'The upstream host cannot be reached (113: No route to host, 101: Network is unreachable): the host is down, its address changed, or a firewall rejects the port; check the address in fastcgi_pass/proxy_pass or the upstream {} block.',
  },
  'reset-by-peer': {
    label: 'connection reset by upstream',
    status: '502',
    fix: 'The worker died mid-request (killed, crashed or terminated by request_terminate_timeout): see fpm/child-killed, fpm/request-terminated and system/oom-kill.',
  },
  'too-big-header': {
    label: 'upstream sent too big header',
    status: '502',
    fix: 'The response headers (often many Set-Cookie lines) do not fit in fastcgi_buffer_size: raise fastcgi_buffer_size (and fastcgi_buffers), or send fewer/smaller headers.',
  },
  'no-live-upstreams': {
    label: 'no live upstreams',
    status: '502',
    fix: 'Every server of the upstream {} block was marked down after failures (max_fails/fail_timeout): fix the underlying failures; the lines before it name them.',
  },
}

export const nginxUpstreamErrors: Check = {
  needs: ['nginx-error-log'],
  meta: {
    id: 'nginx/upstream-errors',
    severity: 'warning',
    summary: 'nginx logged upstream failures not explained by a more specific check',
    docs: {
      description:
        'Upstream failure lines in the nginx error log, counted by class: timed out (504), prematurely closed, no route to the upstream, reset by peer (also in an upstream SSL handshake), too big header, no live upstreams (502). Missing sockets, permission errors, refusals and full backlogs are left to their own checks.',
      symptom: '504 Gateway Time-out for timeouts; 502 Bad Gateway for the others.',
      fix: 'Follow the advice for the class; the sample line names the request and the upstream.',
      snippet: '# too big header\nfastcgi_buffer_size 32k;\nfastcgi_buffers 16 16k;\n# timeouts\nfastcgi_read_timeout 60s;  # above FPM request_terminate_timeout',
    },
    messages: {
      errors: '{{count}} "{{label}}" ({{status}}) in the last {{window}}{{upstreams}}',
    },
  },
  run(facts, context) {
    const unavailable = logUnavailable(facts, 'nginxError')
    if (unavailable === 'absent') return
    if (unavailable) return context.skip(unavailable)
    noteLogGaps(facts, 'nginxError', context)
    const counted = upstreamEvents(facts).filter(({event}) => event.class in CLASSES)
    for (const [kind, group] of groupBy(counted, (event) => event.event.class)) {
      const info = CLASSES[kind]
      // `fastcgi://unix:/run/php.sock:` -> `unix:/run/php.sock`, as operators write it in fastcgi_pass.
      const upstreams = group.map((event) => upstreamAddress(event.event.upstream)).filter((upstream): upstream is string => upstream !== undefined)
      context.report({
        messageId: 'errors',
        data: {
          count: plural(countText(group.length, facts.logs.nginxError), 'error'),
          label: info.label,
          status: info.status,
          window: describeWindow(facts.windowSeconds),
          upstreams: upstreams.length > 0 ? ` from ${topCounts(upstreams, 2)}` : '',
        },
        evidence: [group[group.length - 1].entry.raw],
        fix: info.fix,
      })
    }
  },
}
