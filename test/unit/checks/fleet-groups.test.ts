/** Which groups fleet/config-drift compares: the inventory groups of the selected hosts (src/check/run-check.ts). */
import {describe, expect, it} from 'vitest'

import {fleetGroups} from '../../../src/check/run-check.js'
import type {HostSpec, Inventory} from '../../../src/inventory/types.js'

function inventory(groupsOf: Record<string, string[]>): {hosts: HostSpec[]; inventory: Inventory} {
  const hosts = Object.entries(groupsOf).map(([name, groups]) => ({name, address: name, groups}) as unknown as HostSpec)
  return {hosts, inventory: {hosts: new Map(hosts.map((host) => [host.name, host]))} as unknown as Inventory}
}

const names = (groups: ReturnType<typeof fleetGroups>) => groups.map((group) => `${group.name}: ${group.members.map((member) => member.host).join(' ')}`)

describe('fleetGroups', () => {
  it('compares a host within each of its groups, selected hosts only, in inventory order', () => {
    const {hosts, inventory: inv} = inventory({web01: ['web', 'eu'], web02: ['web'], web03: ['web', 'eu'], db01: ['eu']})
    expect(names(fleetGroups(hosts.slice(0, 3), inv, new Map()))).toEqual(['web: web01 web02 web03', 'eu: web01 web03'])
  })

  it("leaves out Ansible's implicit all and ungrouped, and a parent group with exactly its child's hosts", () => {
    const {hosts, inventory: inv} = inventory({a: ['all', 'web', 'prod'], b: ['all', 'web', 'prod'], c: ['all', 'web', 'prod'], d: ['all', 'ungrouped']})
    expect(names(fleetGroups(hosts, inv, new Map()))).toEqual(['web: a b c'])
  })

  it('has no groups without an inventory (--local)', () => {
    const {hosts} = inventory({a: []})
    expect(fleetGroups(hosts, undefined, new Map())).toEqual([])
  })
})
