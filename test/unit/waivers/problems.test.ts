/** Issue 14 item 5: a waiver that cannot be what the operator meant is refused, not ignored. */
import {describe, expect, it} from 'vitest'

import {emittableIds} from '../../../src/cli/explain.js'
import {waiverProblems} from '../../../src/waivers/apply.js'
import type {Waiver} from '../../../src/waivers/types.js'

const waiver = (w: Partial<Waiver>): Waiver => ({check: 'fpm/service-down', hosts: ['web01'], justification: 'why', expires: '2099-01-01', source: 'w.yml:3', ...w})
const hosts = [
  {name: 'web01', groups: ['web']},
  {name: 'db01', groups: ['db']},
]

describe('waiverProblems', () => {
  it('accepts known checks (and globs over them) on inventory hosts, groups and patterns', () => {
    const ok = [waiver({}), waiver({check: 'fpm/*', hosts: ['web']}), waiver({check: '*', hosts: ['web*:!web02']}), waiver({check: 'fleet/waiver-expired', hosts: ['all']})]
    expect(waiverProblems(ok, {checkIds: emittableIds, hosts})).toEqual([])
  })

  it('refuses a check fleet does not know, with FILE:LINE and a suggestion', () => {
    expect(waiverProblems([waiver({check: 'fpm/servce-down'})], {checkIds: emittableIds, hosts})).toEqual([
      'w.yml:3: check "fpm/servce-down" is not a check fleet knows (did you mean "fpm/service-down"?); see fleet explain',
    ])
    expect(waiverProblems([waiver({check: 'nope/*'})], {checkIds: emittableIds, hosts})).toHaveLength(1)
  })

  it('refuses hosts that match nothing in the inventory', () => {
    const problems = waiverProblems([waiver({hosts: ['web01', 'web10']})], {checkIds: emittableIds, hosts})
    expect(problems).toEqual(['w.yml:3: hosts "web10" matches no host or group of the inventory (did you mean "web01"?)'])
  })

  it('skips the host test without an inventory (--local)', () => {
    expect(waiverProblems([waiver({hosts: ['elsewhere']})], {checkIds: emittableIds})).toEqual([])
  })
})
