import {describe, expect, it} from 'vitest'
import {compileHostPattern} from '../../../src/waivers/host-pattern.js'

const hosts = ['web01', 'web02', 'web03', 'web10', 'db1', 'db2', 'lb.example.net']
const groups: Record<string, string[]> = {web01: ['prod', 'nginx'], web02: ['prod', 'nginx'], web03: ['staging', 'nginx'], db1: ['prod']}

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
  ])('%s', (pattern, expected) => {
    const match = compileHostPattern(pattern)
    expect(hosts.filter((h) => match(h, groups[h] ?? []))).toEqual(expected)
  })

  it.each([
    ['web[5:1]', /empty or longer/],
    ['web[', /unclosed/],
    ['~(', /invalid regular expression/],
    ['', /empty host pattern/],
  ])('refuses %j', (pattern, error) => {
    expect(() => compileHostPattern(pattern)).toThrow(error)
  })
})
