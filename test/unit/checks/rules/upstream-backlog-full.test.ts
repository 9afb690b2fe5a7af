import {upstreamBacklogFull} from '../../../../src/checks/rules/upstream-backlog-full.js'
import {LAB_LOGS_NOW, later, logFacts, logLines} from '../log-facts.js'
import {factsFrom, ruleTester, withLogs} from '../rule-tester.js'

ruleTester(upstreamBacklogFull, {
  valid: [
    {name: 'healthy host', facts: () => factsFrom('healthy')},
    {name: 'pool reached max_children but the queue held', facts: () => logFacts('max-children')},
    {name: 'refused is not EAGAIN', facts: () => logFacts('refused')},
    {name: 'queue full before the window', facts: () => later(logFacts('backlog-full'))},
  ],
  invalid: [
    {
      name: 'lab host: one child, listen.backlog 2, a burst of slow requests',
      facts: () => logFacts('backlog-full'),
      errors: [
        {
          messageId: 'full',
          message: /^\d+ connect\(\)s to unix:\/run\/php\/php8\.2-fpm\.sock failed with EAGAIN \(listen queue full\) in the last 1h; pool www: listen\.backlog = 2, pm\.max_children = 1$/,
          evidence: /\(11: Resource temporarily unavailable\)[\s\S]*listen\.backlog = 2 \(\/etc\/php\/8\.2\/fpm\/pool\.d\/www\.conf:\d+\)[\s\S]*pm\.max_children = 1/,
        },
      ],
    },
    {
      name: 'recorded lines on a stock pool: backlog -1 means the kernel limit',
      facts: () => withLogs(factsFrom('healthy'), {nginxError: logLines('nginx-error.log')}, LAB_LOGS_NOW),
      errors: [{messageId: 'full', message: /^8 connect\(\)s to unix:\/run\/php\/php8\.2-fpm\.sock .*pool www: listen\.backlog = -1 = the kernel limit net\.core\.somaxconn, pm\.max_children = 5$/}],
    },
    {
      name: 'socket no FPM pool read from the config listens on',
      facts: () => {
        const facts = withLogs(factsFrom('healthy'), {nginxError: logLines('nginx-error.log', /\(11: /)}, LAB_LOGS_NOW)
        for (const install of facts.fpm) for (const pool of install.config?.pools ?? []) pool.listen = '/run/php/other.sock'
        return facts
      },
      errors: [{messageId: 'full', message: /; no FPM pool read from the config listens there$/}],
    },
  ],
  skipped: [{name: 'nginx error log not readable', facts: () => factsFrom('nonroot'), skipped: /no nginx error log could be read/}],
})
