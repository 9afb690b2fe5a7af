import {nginxHeaderBuffers} from '../../../../src/checks/rules/nginx-header-buffers.js'
import {LAB_ACCESS_NOW, later, logFacts, logLines} from '../log-facts.js'
import {describe, expect, it} from 'vitest'

import {factsFrom, ruleTester, run, withLogs} from '../rule-tester.js'

ruleTester(nginxHeaderBuffers, {
  valid: [
    {name: 'healthy host (default 4 8k everywhere, no 400)', facts: () => factsFrom('healthy')},
    {name: 'upstream refusals are no header problem', facts: () => logFacts('refused')},
    {
      name: 'a larger value in the default server itself is never cut',
      facts: () => {
        const facts = factsFrom('healthy')
        const server = facts.nginx.config!.tree.find((node) => node.directive === 'http')!
        server.block!.push({directive: 'large_client_header_buffers', args: ['8', '16k'], file: '/etc/nginx/nginx.conf', line: 99})
        return facts
      },
    },
  ],
  invalid: [
    {
      name: 'lab host: large_client_header_buffers 2 1k and 3 KB cookies',
      facts: () => logFacts('header-buffers'),
      errors: [
        {
          messageId: 'small',
          message: /^large_client_header_buffers 2 1k at \/etc\/nginx\/sites-enabled\/app:\d+ is below the default 4 8k for server _ \(\/etc\/nginx\/sites-enabled\/app:\d+\)$/,
          evidence: /large_client_header_buffers 2 1k;[\s\S]*listen \*:80/,
        },
        {
          messageId: 'responses',
          message: /^3 400 responses in the last 1h \(\/ x3\); large_client_header_buffers is below the default at \/etc\/nginx\/sites-enabled\/app:\d+$/,
          evidence: /"GET \/ HTTP\/1\.1" 400 /,
        },
      ],
    },
    {
      name: 'lab host: vhost raised to 4 16k, default server keeps 4 8k; cookie before Host got 400 (after Host: 200)',
      facts: () => logFacts('header-vhost'),
      errors: [
        {
          messageId: 'overridden',
          message:
            /^server big\.test \(\/etc\/nginx\/sites-enabled\/big\.conf:1\) sets large_client_header_buffers 4 16k at \/etc\/nginx\/sites-enabled\/big\.conf:\d+, but the default server _ \(\/etc\/nginx\/sites-enabled\/app:1\) of \*:80 reads the request line and headers before Host with the default 4 8k$/,
        },
        {messageId: 'responses', message: /^1 400 response in the last 1h \(\/before-host\); headers sent before Host are read with the default server's smaller buffers for server big\.test/},
      ],
    },
    {
      name: '`listen 0.0.0.0:80` is the same socket as `listen 80`',
      facts: () => {
        const facts = later(logFacts('header-vhost'))
        const visit = (nodes: NonNullable<typeof facts.nginx.config>['tree']): void =>
          nodes.forEach((node) => {
            if (node.directive === 'listen' && node.file.endsWith('/big.conf')) node.args = ['0.0.0.0:80']
            visit(node.block ?? [])
          })
        visit(facts.nginx.config!.tree)
        return facts
      },
      errors: [{messageId: 'overridden', message: /default server _ \(\/etc\/nginx\/sites-enabled\/app:1\) of \*:80 /}],
    },
    {
      name: 'small value in the default server also limits the other servers of its socket',
      facts: () => {
        const facts = logFacts('header-vhost')
        const http = facts.nginx.config!.tree.find((node) => node.directive === 'http')!
        // Move the vhost's directive into the default server (app, first on *:80), shrunk.
        const walk = (nodes: typeof http.block): void =>
          nodes?.forEach((node) => {
            if (node.directive === 'server' && node.file.endsWith('/big.conf')) node.block = node.block!.filter((d) => d.directive !== 'large_client_header_buffers')
            if (node.directive === 'server' && node.file.endsWith('/app')) node.block!.push({directive: 'large_client_header_buffers', args: ['2', '1k'], file: node.file, line: 40})
            walk(node.block)
          })
        walk(http.block)
        return facts
      },
      errors: [
        {
          messageId: 'small',
          message: /^large_client_header_buffers 2 1k at \/etc\/nginx\/sites-enabled\/app:40 is below the default 4 8k for server _ .*; as default server of \*:80 it also limits the request line and headers before Host of 1 other server$/,
        },
        {messageId: 'responses', message: /below the default at \/etc\/nginx\/sites-enabled\/app:40$/},
      ],
    },
    {
      name: 'recorded 400 on a default config: context only, other bad requests likely',
      facts: () => withLogs(factsFrom('healthy'), {nginxAccess: logLines('nginx-access.log')}, LAB_ACCESS_NOW),
      errors: [{messageId: 'responses', message: /^1 400 response in the last 1h \(\/index\.php\); large_client_header_buffers is at least the default everywhere/}],
    },
  ],
  skipped: [
    {name: 'access log not readable', facts: () => factsFrom('nonroot'), skipped: /no nginx access log could be read \(\/var\/log\/nginx\/access\.log: .*Permission denied\)/},
    {
      name: 'config not readable: buffers not judged',
      facts: () => {
        const facts = later(logFacts('header-buffers'))
        facts.nginx.config = null
        return facts
      },
      skipped: /nginx config could not be read/,
    },
  ],
})

describe('nginx/header-buffers severities', () => {
  const severities = (facts: Parameters<typeof run>[1]) => run(nginxHeaderBuffers, facts).findings.map((f) => `${f.messageId}:${f.severity}`)
  it('400s with a small buffer are a warning', () => {
    expect(severities(logFacts('header-buffers'))).toEqual(['small:warning', 'responses:warning'])
  })
  it('a buffer cut by the default server is context, the 400s it caused a warning', () => {
    expect(severities(logFacts('header-vhost'))).toEqual(['overridden:info', 'responses:warning'])
  })
  it('400s with default buffers everywhere are context only', () => {
    expect(severities(withLogs(factsFrom('healthy'), {nginxAccess: logLines('nginx-access.log')}, LAB_ACCESS_NOW))).toEqual(['responses:info'])
  })
})
