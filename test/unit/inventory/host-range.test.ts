import {describe, expect, test} from 'vitest'
import {expandHostRange, HostRangeError, splitHostPort} from '../../../src/inventory/host-range.js'

describe('expandHostRange (as Ansible expands ranges)', () => {
  test.each([
    ['web01', ['web01']],
    ['web[01:03]', ['web01', 'web02', 'web03']],
    ['web[1:3].example.com', ['web1.example.com', 'web2.example.com', 'web3.example.com']],
    ['web[08:11]', ['web08', 'web09', 'web10', 'web11']],
    ['db-[a:c]', ['db-a', 'db-b', 'db-c']],
    ['x[y:B]', ['xy', 'xz', 'xA', 'xB']],
    ['n[1:10:2]', ['n1', 'n3', 'n5', 'n7', 'n9']],
    ['n[a:g:3]', ['na', 'nd', 'ng']],
    ['n[:2]', ['n0', 'n1', 'n2']],
    ['r[1:2]-[a:b]', ['r1-a', 'r1-b', 'r2-a', 'r2-b']],
  ])('%s', (name, expected) => {
    expect(expandHostRange(name)).toEqual(expected)
  })

  test.each([
    ['web[5:1]', 'is empty'],
    ['web[01:100]', 'equal width'],
    ['web[a:5]', 'numbers or single letters'],
    ['web[1:2:3:4]', '[begin:end] or [begin:end:step]'],
    ['web[1:]', 'must specify an end'],
    ['web[1:4:0]', 'step must be a positive integer'],
    ['web[c:a]', 'begin <= end'],
  ])('%s is rejected', (name, message) => {
    expect(() => expandHostRange(name)).toThrow(HostRangeError)
    expect(() => expandHostRange(name)).toThrow(message)
  })
})

describe('splitHostPort', () => {
  test.each([
    ['badwolf.example.com:5309', {name: 'badwolf.example.com', port: 5309}],
    ['web[01:03]:2222', {name: 'web[01:03]', port: 2222}],
    ['web[01:03]', {name: 'web[01:03]'}],
    ['host:99999', {name: 'host:99999'}],
    ['fe80::1', {name: 'fe80::1'}],
  ])('%s', (key, expected) => {
    expect(splitHostPort(key)).toEqual(expected)
  })
})
