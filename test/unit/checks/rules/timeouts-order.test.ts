import {describe, expect, it} from 'vitest'

import {timeoutsOrder} from '../../../../src/checks/rules/timeouts-order.js'
import {configFacts} from '../config-facts.js'
import {factsFrom, fixtureText, ruleTester, run, withLogs} from '../rule-tester.js'

const LOCATION_8080 = /^location ~ \\\.php\$ \(\/etc\/nginx\/sites-enabled\/app\.conf:\d+\)/

ruleTester(timeoutsOrder, {
  valid: [
    {name: 'request_terminate_timeout 25s, below both nginx timeouts (60s default, 30s)', facts: () => configFacts('timeouts-ok')},
    {
      name: 'sound order, with real nginx timeouts in the window (they are not this race)',
      facts: () => {
        const facts = withLogs(configFacts('timeouts-ok'), {nginxError: fixtureText('logs/nginx-error.log').split('\n').filter(Boolean)}, Date.UTC(2026, 10, 25, 18, 15, 12) / 1000)
        facts.system.utcOffset = '+0530'
        return facts
      },
    },
    {name: 'an unrelated fault: nginx passes where no pool listens (socket-mismatch says so)', facts: () => configFacts('socket-mismatch')},
  ],
  invalid: [
    {
      name: 'request_terminate_timeout 120s: nginx (60s default, 30s) gives up first on both sites',
      facts: () => configFacts('timeouts-order'),
      errors: [
        {
          messageId: 'order',
          message: /nginx fastcgi_read_timeout 60s \(default\) is not longer than pool www request_terminate_timeout = 120s \(\/etc\/php\/8\.2\/fpm\/pool\.d\/www\.conf:\d+\)/,
          evidence: /www\.conf:\d+: \[www\] request_terminate_timeout = 120s/,
        },
        {messageId: 'order', message: /nginx fastcgi_read_timeout 30s \(\/etc\/nginx\/sites-enabled\/app\.conf:\d+\) is not longer than pool www request_terminate_timeout = 120s/},
      ],
    },
    {
      name: 'equal values count: 30s against 30s',
      facts: () => {
        const facts = configFacts('timeouts-ok')
        facts.fpm[0].config!.pools[0].settings.request_terminate_timeout = '30s'
        return facts
      },
      errors: [{messageId: 'order', message: /fastcgi_read_timeout 30s .* request_terminate_timeout = 30s/}],
    },
    {
      name: 'stock FPM (0 = off) and nginx gave up after 2s on a 4 s request (504)',
      facts: () => configFacts('timeout-504'),
      errors: [
        {messageId: 'terminateOff', message: /never ends a request \(request_terminate_timeout = 0s, default\) while nginx gives up after fastcgi_read_timeout 60s \(default\)$/},
        {messageId: 'terminateOff', message: /after fastcgi_read_timeout 2s \(\/etc\/nginx\/sites-enabled\/app\.conf:\d+\); nginx timed out 1 time in window$/, evidence: /upstream timed out \(110: Connection timed out\) while reading response header/},
      ],
    },
    {
      name: 'stock Debian host: FPM never ends requests (context, at info)',
      facts: () => factsFrom('healthy'),
      errors: [
        {messageId: 'terminateOff', message: LOCATION_8080},
        {messageId: 'terminateOff', message: /fastcgi_read_timeout 30s/},
      ],
    },
  ],
  skipped: [
    {
      name: 'nginx config not readable',
      facts: () => {
        const facts = configFacts('timeouts-order')
        facts.nginx.config = null
        return facts
      },
      skipped: /nginx config could not be read/,
    },
    {name: 'FPM config does not load (php-fpm -t fails): no pools to compare with', facts: () => configFacts('fpm-config-invalid'), skipped: /FPM pools could not be read/},
  ],
})

describe('timeouts/order severity', () => {
  it('is info when FPM never ends requests but nginx has not timed out, warning once it has', () => {
    const bySeverity = run(timeoutsOrder, configFacts('timeout-504')).findings.map((finding) => [finding.severity, /2s/.test(finding.message)])
    expect(bySeverity).toEqual([
      ['info', false],
      ['warning', true],
    ])
    expect(run(timeoutsOrder, factsFrom('healthy')).findings.map((finding) => finding.severity)).toEqual(['info', 'info'])
  })

  it('reports the wrong order as a warning', () => {
    expect(run(timeoutsOrder, configFacts('timeouts-order')).findings.map((finding) => finding.severity)).toEqual(['warning', 'warning'])
  })
})
