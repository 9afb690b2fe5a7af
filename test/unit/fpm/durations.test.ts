import {describe, expect, it} from 'vitest'
import {parseFpmDuration} from '../../../src/fpm/durations.js'

describe('parseFpmDuration', () => {
  it.each([
    ['0', 0],
    ['30', 30],
    ['30s', 30],
    ['5m', 300],
    ['1h', 3600],
    ['2d', 172_800],
    [' 55s ', 55],
  ])('%s -> %d seconds', (value, seconds) => {
    expect(parseFpmDuration(value)).toBe(seconds)
  })

  // FPM refuses these ("unknown suffix used in time value", see t-bad-time-suffix.txt).
  it.each(['30x', '', '1.5s', '-1', '5 m', 'abc'])('rejects %j', (value) => {
    expect(parseFpmDuration(value)).toBeNull()
  })
})
