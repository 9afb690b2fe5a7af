import {describe, expect, it} from 'vitest'
import type {PatternInventory} from '../../../src/inventory/index.js'
import {evaluateLimit} from '../../../src/inventory/index.js'
import {checkHostPattern, compileHostPattern} from '../../../src/waivers/host-pattern.js'

const hosts = ['web01', 'web02', 'web03', 'web10', 'db1', 'db2', 'lb.example.net']
const groupList: Record<string, string[]> = {prod: ['web01', 'web02', 'db1'], nginx: ['web01', 'web02', 'web03'], staging: ['web03']}
const universe: PatternInventory = {
  hosts: new Map(hosts.map((h) => [h, {}])),
  groups: new Map(Object.entries(groupList).map(([name, members]) => [name, {name, hosts: members, children: [], vars: {}}])),
}

describe('compileHostPattern', () => {
  it.each([
    ['all', hosts],
    ['*', hosts],
    ['web*', ['web01', 'web02', 'web03', 'web10']],
    ['web*:!web03', ['web01', 'web02', 'web10']],
    ['web*,!web03', ['web01', 'web02', 'web10']],
    ['web0?', ['web01', 'web02', 'web03']],
    ['web[01:02]', ['web01', 'web02']],
    ['web[02-10]', ['web02', 'web03', 'web10']],
    ['db[1:2]', ['db1', 'db2']],
    ['prod', ['web01', 'web02', 'db1']],
    ['prod:&nginx', ['web01', 'web02']],
    ['nginx:!prod', ['web03']],
    ['~db\\d', ['db1', 'db2']],
    ['~web0[12]', ['web01', 'web02']],
    ['lb.example.net', ['lb.example.net']],
    // A dot is literal, not "any character".
    ['lb?example.net', ['lb.example.net']],
    ['lbxexample.net', []],
    ['web0[!1]', ['web02', 'web03']],
    // The --limit dialect: character classes and group subscripts over the inventory's group order.
    ['web0[1-2]', ['web01', 'web02']],
    ['prod[0]', ['web01']],
    ['prod[-1]', ['db1']],
    ['nginx[1:]:!web03', ['web02']],
    // A term naming nothing covers nothing (a waiver is not a selection).
    ['nosuchhost', []],
    ['web[5:1]', []],
  ])('%s', (pattern, expected) => {
    const match = compileHostPattern(pattern, universe)
    expect(hosts.filter((h) => match(h))).toEqual(expected)
  })

  it.each(['web*:!web03', 'web0[1-2]', 'prod[0]', 'nginx[1:]:!web03', 'prod:&nginx', 'web[02-10]'])('%s covers exactly what --limit selects', (pattern) => {
    const match = compileHostPattern(pattern, universe)
    expect(hosts.filter((h) => match(h))).toEqual([...evaluateLimit(universe, pattern)])
  })

  it.each([
    ['web0[5-1]', /range \[5-1\] is empty/],
    ['~(', /invalid regular expression/],
    ['', /empty pattern/],
    ['@hosts.txt', /@FILE/],
  ])('refuses %j', (pattern, error) => {
    expect(() => checkHostPattern(pattern)).toThrow(error)
    expect(() => compileHostPattern(pattern, universe)).toThrow(error)
  })
})
