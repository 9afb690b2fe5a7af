import {describe, expect, it} from 'vitest'

import {formatOwner, isStale, parseOwner} from '../../../src/reload/lock.js'

describe('lock owner', () => {
  const owner = {user: 'deploy', controller: 'ci-runner-3', pid: 4242, started: '2026-11-25T18:00:00.000Z', run: 'abc123'}

  it('round-trips through the owner line', () => {
    expect(parseOwner(formatOwner(owner))).toEqual(owner)
    expect(parseOwner('garbage')).toBeNull()
  })
  it('is stale only when it came from this controller and its pid is gone', () => {
    expect(isStale(owner, 'ci-runner-3', () => false)).toBe(true)
    expect(isStale(owner, 'ci-runner-3', () => true)).toBe(false)
    expect(isStale(owner, 'laptop', () => false)).toBe(false)
  })
})
