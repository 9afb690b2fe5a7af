import {describe, expect, it} from 'vitest'
import {expandHostRanges, foldHosts} from '../../../src/report/fold-hosts.js'

describe('foldHosts', () => {
  const cases: Array<[string[], string[]]> = [
    [['web01', 'web02', 'web03', 'web05', 'db1', 'db2'], ['web[01-03]', 'web05', 'db[1-2]']],
    [['web1'], ['web1']],
    [[], []],
    [['web09', 'web10', 'web11'], ['web[09-11]']],
    [['db9', 'db10'], ['db[9-10]']],
    // Different widths never fold together: web1 is not web01.
    [['web01', 'web2', 'web03'], ['web01', 'web2', 'web03']],
    [['web03', 'web01', 'web02'], ['web[01-03]']],
    // Same number position, suffix kept.
    [['web01.dc1', 'web02.dc1', 'web03.dc2'], ['web[01-02].dc1', 'web03.dc2']],
    // The varying digit run is the one shared most, even when it is not the last.
    [['app1-dc2', 'app2-dc2', 'app3-dc2'], ['app[1-3]-dc2']],
    [['lb', 'web01', 'lb2'], ['lb', 'web01', 'lb2']],
    [['a1', 'a1', 'a2'], ['a[1-2]']],
    [['10.0.0.1', '10.0.0.2', '10.0.0.3'], ['10.0.0.[1-3]']],
  ]
  it.each(cases)('%j => %j', (input, folded) => {
    expect(foldHosts(input)).toEqual(folded)
  })

  it.each(cases)('expandHostRanges inverts %j', (input) => {
    expect(new Set(expandHostRanges(foldHosts(input)))).toEqual(new Set(input))
  })

  it('round-trips a large mixed fleet', () => {
    const names = [
      ...Array.from({length: 120}, (_, i) => `web${String(i + 1).padStart(3, '0')}`).filter((_, i) => i % 17 !== 5),
      ...Array.from({length: 12}, (_, i) => `db${i + 1}`),
    ]
    const folded = foldHosts(names)
    expect(folded.length).toBeLessThan(15)
    expect(expandHostRanges(folded)).toEqual(names)
  })
})
