import {describe, expect, it} from 'vitest'

import {allFleetChecks} from '../../../src/checks/index.js'
import {driftSettings} from '../../../src/checks/fleet/drift-settings.js'
import {runFleetChecks} from '../../../src/checks/fleet/run-fleet-checks.js'
import {factsWithEvidence} from './evidence-facts.js'

const ini = (limit: string) => ({name: 'php-ini', attrs: {name: 'php-fpm8.2', path: '/etc/php/8.2/fpm/php.ini'}, body: `memory_limit = ${limit}\nmax_execution_time = 30`})

describe('fleet/config-drift: memory_limit as the pool runs it', () => {
  it('from php.ini when no pool sets it, with the file named', () => {
    const settings = driftSettings(factsWithEvidence('healthy', [ini('128M')]))!
    expect(settings.find((setting) => setting.key === 'pool[www] memory_limit')).toEqual({key: 'pool[www] memory_limit', value: '128M', at: '/etc/php/8.2/fpm/php.ini'})
  })

  it('unknown (php.ini not read) is left out, not compared as a value', () => {
    const settings = driftSettings(factsWithEvidence('healthy'))!
    expect(settings.some((setting) => setting.key.endsWith('memory_limit'))).toBe(false)
  })

  it('the host whose php.ini was not updated is named', () => {
    const members = ['web1', 'web2', 'web3'].map((host, index) => ({host, settings: driftSettings(factsWithEvidence('healthy', [ini(index === 2 ? '64M' : '256M')]))}))
    const found = runFleetChecks(allFleetChecks, [{name: 'web', members}])
    expect([...found.keys()]).toEqual(['web3'])
    expect(found.get('web3')!.map((finding) => finding.message).join('\n')).toMatch(/memory_limit.*64M.*\/etc\/php\/8\.2\/fpm\/php\.ini|256M/)
  })
})
