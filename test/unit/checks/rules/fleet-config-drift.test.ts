/**
 * fleet/config-drift on settings read from REAL recorded probe outputs
 * (test/fixtures/checks/config): timeouts-ok and timeouts-order are the same lab
 * host recorded with `request_terminate_timeout = 25s` and `= 120s`; timeout-504
 * has `fastcgi_read_timeout 2s` and the pool's timeout commented out.
 */
import {describe, expect, it} from 'vitest'

import {driftSettings} from '../../../../src/checks/fleet/drift-settings.js'
import {runFleetChecks} from '../../../../src/checks/fleet/run-fleet-checks.js'
import type {FleetGroup} from '../../../../src/checks/fleet/types.js'
import {fleetConfigDrift} from '../../../../src/checks/rules/fleet-config-drift.js'
import {parseNginxDump} from '../../../../src/nginx/parse-dump.js'
import {configFacts, type ConfigScenario} from '../config-facts.js'

/** A recorded host whose nginx serves `shop` twice (:80 and :443), the :443 PHP location with `timeout`. */
function twoShops(timeout: string): FleetGroup['members'][number]['settings'] {
  const facts = configFacts('timeouts-ok')
  facts.nginx.config = parseNginxDump(
    [
      '# configuration file /etc/nginx/nginx.conf:',
      'events {}',
      'http {',
      '  server { listen 80; server_name shop; location ~ \\.php$ { fastcgi_pass unix:/run/php/php8.2-fpm.sock; fastcgi_read_timeout 60s; } }',
      `  server { listen 443; server_name shop; location ~ \\.php$ { fastcgi_pass unix:/run/php/php8.2-fpm.sock; fastcgi_read_timeout ${timeout}; } }`,
      '}',
      '',
    ].join('\n'),
  )
  return driftSettings(facts)
}

type Member = ConfigScenario | null

/** A group `web` of hosts web01, web02, ... with the settings of each recording (null: unreadable host). */
function group(...scenarios: Member[]): FleetGroup[] {
  return [{name: 'web', members: scenarios.map((scenario, index) => ({host: `web0${index + 1}`, settings: scenario ? driftSettings(configFacts(scenario)) : null}))}]
}

interface Case {
  name: string
  groups: () => FleetGroup[]
}
interface InvalidCase extends Case {
  errors: Array<{host: string; messageId: string; message?: RegExp; evidence?: RegExp}>
}

const cases: {valid: Case[]; invalid: InvalidCase[]} = {
  valid: [
  {name: 'three hosts with the same configuration', groups: () => group('timeouts-ok', 'timeouts-ok', 'timeouts-ok')},
  {name: 'a group of two that differ is not judged', groups: () => group('timeouts-ok', 'timeouts-order')},
  {name: 'an unreadable host does not count toward the three', groups: () => group('timeouts-ok', 'timeouts-order', null)},
  ],
  invalid: [
  {
    name: 'the host that missed the pool push is named with the majority',
    groups: () => group('timeouts-ok', 'timeouts-order', 'timeouts-ok'),
    errors: [
      {
        host: 'web02',
        messageId: 'drift',
        message: /^pool\[www\] request_terminate_timeout is 120s \(\/etc\/php\/8\.2\/fpm\/pool\.d\/www\.conf:\d+\) here; 25s on 2 of 3 hosts of group web$/,
        evidence: /web01: 25s \(\/etc\/php\/8\.2\/fpm\/pool\.d\/www\.conf:\d+\)/,
      },
    ],
  },
  {
    name: 'the host that missed the nginx push: fastcgi_read_timeout with FILE:LINE, and its pool',
    groups: () => group('timeout-504', 'timeouts-ok', 'timeouts-ok', 'timeouts-ok'),
    errors: [
      {host: 'web01', messageId: 'drift', message: /^http > server\[.*\] > location\[.*\] fastcgi_read_timeout is 2s \(\/etc\/nginx\/[^:]+:\d+\) here; 30s on 3 of 4 hosts of group web$/},
      {host: 'web01', messageId: 'drift', message: /^pool\[www\] request_terminate_timeout is .* here; 25s on 3 of 4 hosts/},
    ],
  },
  {
    name: 'every host differs: said once, on the first host (fastcgi_read_timeout still has a majority)',
    groups: () => group('timeouts-ok', 'timeouts-order', 'timeout-504'),
    errors: [
      {host: 'web03', messageId: 'drift', message: /fastcgi_read_timeout is 2s .* here; 30s on 2 of 3 hosts of group web$/},
      {host: 'web01', messageId: 'noMajority', message: /request_terminate_timeout: no value is shared by most of the 3 hosts of group web \(3 values\)/},
    ],
  },
    {
      name: 'the second server of the same name is compared too (server[shop]#2)',
      groups: () => [{name: 'web', members: ['60s', '60s', '30s'].map((timeout, index) => ({host: `web0${index + 1}`, settings: twoShops(timeout)}))}],
      errors: [{host: 'web03', messageId: 'drift', message: /^http > server\[shop\]#2 > location\[~ \\\.php\$\] fastcgi_read_timeout is 30s \(\/etc\/nginx\/nginx\.conf:4\) here; 60s on 2 of 3 hosts/}],
    },
    {
      name: 'a host claiming 30 upstreams its peers lack: 20 findings, then one counting the rest',
      groups: () => {
        const groups = group('timeouts-ok', 'timeouts-ok', 'timeouts-ok')
        const settings = groups[0].members[2].settings!
        for (let index = 0; index < 30; index += 1) {
          settings.push({key: `http > server[s${String(index).padStart(2, '0')}] > location[/] proxy_pass`, value: '10.0.0.1:80', at: `/etc/nginx/conf.d/s${index}.conf:3`})
        }
        return groups
      },
      errors: [
        ...Array.from({length: 20}, () => ({host: 'web03', messageId: 'drift', message: /proxy_pass is 10\.0\.0\.1:80 .* here; \(not configured\) on 2 of 3 hosts/})),
        {host: 'web03', messageId: 'more', message: /^10 more settings differ from the majority of group web/},
      ],
    },
  ],
}

function run(groups: FleetGroup[]) {
  return [...runFleetChecks([fleetConfigDrift], groups).entries()].flatMap(([host, findings]) => findings.map((finding) => ({host, ...finding})))
}

describe('fleet/config-drift', () => {
  it('reads the settings of a recorded host', () => {
    const keys = driftSettings(configFacts('timeouts-ok'))?.map((setting) => setting.key) ?? []
    expect(keys).toEqual(expect.arrayContaining(['pool[www] listen', 'pool[www] pm.max_children', 'pool[www] request_terminate_timeout']))
    expect(keys.some((key) => / > location\[.*\] fastcgi_read_timeout$/.test(key))).toBe(true)
    expect(keys.some((key) => / > location\[.*\] fastcgi_pass$/.test(key))).toBe(true)
  })

  for (const item of cases.valid) {
    it(`valid: ${item.name}`, () => {
      expect(run(item.groups()).map((finding) => `${finding.host} ${finding.message}`)).toEqual([])
    })
  }

  for (const item of cases.invalid) {
    it(`invalid: ${item.name}`, () => {
      const findings = run(item.groups())
      expect(findings.map((finding) => `${finding.host} ${finding.messageId}`)).toEqual(item.errors.map((error) => `${error.host} ${error.messageId}`))
      item.errors.forEach((error, index) => {
        expect(findings[index].check).toBe('fleet/config-drift')
        expect(findings[index].message).not.toMatch(/\{\{/)
        if (error.message) expect(findings[index].message).toMatch(error.message)
        if (error.evidence) expect(findings[index].evidence.join('\n')).toMatch(error.evidence)
      })
    })
  }
})
