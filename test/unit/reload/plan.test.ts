import {describe, expect, it} from 'vitest'

import {allowedFailures, describeMaxFail, makeBatches, parseBatchSpec, parseMaxFail, PlanError, shouldStop} from '../../../src/reload/plan.js'

const hosts = (n: number) => Array.from({length: n}, (_, i) => `web${String(i + 1).padStart(2, '0')}`)

describe('parseBatchSpec', () => {
  it('reads counts and percentages in order', () => {
    expect(parseBatchSpec('1,5,25%')).toEqual([
      {kind: 'count', value: 1},
      {kind: 'count', value: 5},
      {kind: 'percent', value: 25},
    ])
  })
  it.each(['', '0', '1,,2', 'abc', '5x', '0%', '101%', '-1', '1.5'])('refuses %j and names the option', (spec) => {
    expect(() => parseBatchSpec(spec)).toThrow(PlanError)
    expect(() => parseBatchSpec(spec)).toThrow(/^--batch: /)
  })
})

describe('makeBatches', () => {
  it('canary first, then the sizes, the last one repeating', () => {
    const batches = makeBatches(hosts(20), parseBatchSpec('1,5,25%'))
    expect(batches.map((b) => b.length)).toEqual([1, 5, 5, 5, 4])
    expect(batches.flat()).toEqual(hosts(20))
  })
  it('default 1 means one host at a time', () => {
    expect(makeBatches(hosts(3), parseBatchSpec('1'))).toEqual([['web01'], ['web02'], ['web03']])
  })
  it('a percentage of few hosts rounds up to at least one', () => {
    expect(makeBatches(hosts(3), parseBatchSpec('25%')).map((b) => b.length)).toEqual([1, 1, 1])
    expect(makeBatches(hosts(10), parseBatchSpec('1,100%')).map((b) => b.length)).toEqual([1, 9])
  })
  it('sizes larger than the fleet give one batch, no hosts give none', () => {
    expect(makeBatches(hosts(4), parseBatchSpec('10'))).toEqual([hosts(4)])
    expect(makeBatches([], parseBatchSpec('1,5'))).toEqual([])
  })
})

describe('max-fail', () => {
  it('parses counts and percentages', () => {
    expect(parseMaxFail('0')).toEqual({kind: 'count', value: 0})
    expect(parseMaxFail('10%')).toEqual({kind: 'percent', value: 10})
    expect(() => parseMaxFail('x')).toThrow(/^--max-fail: /)
    expect(() => parseMaxFail('150%')).toThrow(PlanError)
  })
  it('describes itself as typed', () => {
    expect(describeMaxFail(parseMaxFail('10%'))).toBe('10%')
    expect(describeMaxFail(parseMaxFail('3'))).toBe('3')
  })
  it('a percentage rounds down', () => {
    expect(allowedFailures(parseMaxFail('10%'), 5)).toBe(0)
    expect(allowedFailures(parseMaxFail('10%'), 25)).toBe(2)
  })
  it('stops once failures exceed the allowance', () => {
    expect(shouldStop(0, parseMaxFail('0'), 6)).toBe(false)
    expect(shouldStop(1, parseMaxFail('0'), 6)).toBe(true)
    expect(shouldStop(2, parseMaxFail('2'), 6)).toBe(false)
    expect(shouldStop(3, parseMaxFail('50%'), 6)).toBe(false)
    expect(shouldStop(4, parseMaxFail('50%'), 6)).toBe(true)
  })
})
