import {upstreamSocketPermission} from '../../../../src/checks/rules/upstream-socket-permission.js'
import type {HostFacts} from '../../../../src/probe/facts.js'
import {configFacts} from '../config-facts.js'
import {factsFrom, fixtureText, ruleTester, withLogs} from '../rule-tester.js'

const SOCKET = '/run/php/php8.2-fpm.sock'

/** Recorded real lines (test/fixtures/logs, host zone +0530), with the host clock a minute after the last one. */
const RECORDED = fixtureText('logs/nginx-error.log').split('\n').filter(Boolean)
const RECORDED_NOW = Date.UTC(2026, 10, 25, 18, 15, 12) / 1000
function withRecordedLines(facts: HostFacts, now = RECORDED_NOW): HostFacts {
  const copy = withLogs(facts, {nginxError: RECORDED}, now)
  copy.system.utcOffset = '+0530'
  return copy
}

/** The recorded root:root 0600 socket, its getfacl replaced by `entries` and its 13 lines dropped. */
function lockedWithAcl(entries: string[]): HostFacts {
  const facts = withLogs(configFacts('socket-permission'), {nginxError: []})
  const stat = facts.paths.find((path) => path.path === SOCKET)!
  stat.acl = entries
  return facts
}

ruleTester(upstreamSocketPermission, {
  valid: [
    {name: 'healthy host (www-data:www-data 660, nginx user www-data)', facts: () => factsFrom('healthy')},
    {name: 'an unrelated fault: the socket is missing (socket-missing says so)', facts: () => configFacts('socket-mismatch')},
    {name: 'FPM stopped', facts: () => factsFrom('fpm-stopped')},
    {
      name: 'root:root 0600 but listen.acl_users gave www-data rw (ACL entry within the mask)',
      facts: () => lockedWithAcl(['user::rw-', 'user:www-data:rw-', 'group::---', 'mask::rw-', 'other::---']),
    },
    {
      name: 'a permission denial older than the window',
      facts: () => withRecordedLines(factsFrom('healthy'), RECORDED_NOW + 7200),
    },
  ],
  invalid: [
    {
      name: 'pool socket root:root 0600, nginx got (13: Permission denied)',
      facts: () => configFacts('socket-permission'),
      errors: [
        {
          messageId: 'denied',
          message: /^nginx worker user www-data cannot connect to \/run\/php\/php8\.2-fpm\.sock \(\/etc\/nginx\/sites-enabled\/app\.conf:\d+\): socket is root:root 600; www-data falls under other, which has ---, no write$/,
          evidence: /listen\.owner = root \(\/etc\/php\/8\.2\/fpm\/pool\.d\/www\.conf:\d+\)[\s\S]*listen\.mode = 0600[\s\S]*\(13: Permission denied\)/,
        },
      ],
    },
    {
      name: 'an ACL entry for www-data cut down by the mask',
      facts: () => lockedWithAcl(['user::rw-', 'user:www-data:rw-\t#effective:r--', 'group::---', 'mask::r--', 'other::---']),
      errors: [{messageId: 'denied', message: /www-data falls under ACL user:www-data, which has r--, no write$/}],
    },
    {
      name: 'the socket is fine but its directory is closed to www-data',
      facts: () => {
        const facts = factsFrom('healthy')
        Object.assign(facts.paths.find((path) => path.path === '/run/php')!, {owner: 'root', group: 'root', mode: '700'})
        return facts
      },
      errors: [{messageId: 'denied', message: /no search permission on directory \/run\/php \(root:root 700; www-data falls under other, which has ---\)/}],
    },
    {
      name: 'denials in the window for a socket nginx no longer names (recorded line)',
      facts: () => withRecordedLines(factsFrom('healthy')),
      errors: [{messageId: 'deniedInLog', message: /^1 connect to unix:\/run\/php\/locked\.sock denied \(13: Permission denied\) in window$/, evidence: /locked\.sock failed \(13: Permission denied\)/}],
    },
    {
      name: 'denials logged, the socket fixed since',
      facts: () => {
        const facts = configFacts('socket-permission')
        Object.assign(facts.paths.find((path) => path.path === SOCKET)!, {owner: 'www-data', group: 'www-data', mode: '660', acl: undefined})
        return facts
      },
      errors: [{messageId: 'deniedInLog', message: /^2 connects to unix:\/run\/php\/php8\.2-fpm\.sock denied .*; the socket is now www-data:www-data 660$/}],
    },
  ],
  skipped: [
    {
      name: 'nginx config not readable',
      facts: () => {
        const facts = configFacts('socket-permission')
        facts.nginx.config = null
        return facts
      },
      skipped: /nginx config could not be read/,
    },
    {
      name: 'the worker user identity was not collected',
      facts: () => {
        const facts = withLogs(configFacts('socket-permission'), {nginxError: []})
        facts.users = {}
        return facts
      },
      skipped: /identity of the nginx worker user www-data was not collected/,
    },
  ],
})
