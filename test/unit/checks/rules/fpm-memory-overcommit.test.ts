import {fpmMemoryOvercommit} from '../../../../src/checks/rules/fpm-memory-overcommit.js'
import type {HostFacts} from '../../../../src/probe/facts.js'
import {configFacts} from '../config-facts.js'
import {factsFrom, ruleTester} from '../rule-tester.js'

/** A second pool next to the recorded www one, as a second pool file would add it. */
function withSecondPool(facts: HostFacts, maxChildren: number): HostFacts {
  const config = facts.fpm[0].config!
  const www = config.pools[0]
  config.pools.push({...www, name: 'api', listen: '/run/php/api.sock', settings: {...www.settings, 'pm.max_children': String(maxChildren)}, where: {}})
  return facts
}

ruleTester(fpmMemoryOvercommit, {
  valid: [
    {name: 'healthy host: 5 children of ~9 MiB on 24 GiB', facts: () => factsFrom('healthy')},
    {name: 'FPM stopped: 5 children at the default estimate still fit', facts: () => factsFrom('fpm-stopped')},
    {name: 'an unrelated fault: timeouts in the wrong order', facts: () => configFacts('timeouts-order')},
    // 2505 children x 9558 KiB = 23.9 GB, just under the recorded MemTotal (24684084 kB).
    {name: 'two pools that together still fit', facts: () => withSecondPool(factsFrom('healthy'), 2500)},
  ],
  invalid: [
    {
      name: 'pm.max_children = 4000 after an FPM restart (recorded)',
      facts: () => configFacts('memory-overcommit'),
      errors: [
        {
          messageId: 'overcommit',
          message: /^heuristic: pools may grow to 4000 children x 9 MiB \(php-fpm8\.2: average of 2 running children\) = \d+ MiB, more than MemTotal 24106 MiB \(1\.5x\)$/,
          evidence: /\[www\] pm\.max_children = 4000 \(\/etc\/php\/8\.2\/fpm\/pool\.d\/www\.conf:\d+\)[\s\S]*MemTotal: 24684084 kB/,
        },
      ],
    },
    {
      name: 'the sum over pools counts: neither alone overcommits',
      facts: () => withSecondPool(factsFrom('healthy'), 2600),
      errors: [{messageId: 'overcommit', message: /grow to 2605 children/, evidence: /\[api\] pm\.max_children = 2600/}],
    },
    {
      name: 'no child running: the documented per-child estimate, said so',
      facts: () => {
        const facts = factsFrom('fpm-stopped')
        facts.fpm[0].config!.pools[0].settings['pm.max_children'] = '1000'
        return facts
      },
      errors: [{messageId: 'overcommit', message: /1000 children x 40 MiB \(php-fpm8\.2: no child running, default estimate\)/}],
    },
  ],
  skipped: [
    {
      name: 'MemTotal not collected',
      facts: () => {
        const facts = configFacts('memory-overcommit')
        facts.memory.memTotalKb = undefined
        return facts
      },
      skipped: /MemTotal \(\/proc\/meminfo\) was not collected/,
    },
    {name: 'FPM config does not load', facts: () => configFacts('fpm-config-invalid'), skipped: /FPM pools could not be read/},
  ],
})
