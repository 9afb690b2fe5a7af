/** The hostile-host harness finds the probe's nonce however the probe is invoked. */
import {describe, expect, it} from 'vitest'

import {nonceOf} from './support/hostile-ssh.js'

describe('nonceOf', () => {
  it('reads it from the assignments sent before the script on stdin', () => {
    expect(nonceOf('sh -s', 'FLEET_NONCE=ab12\nFLEET_WINDOW=3600\nFLEET_MAXLOG=262144\n#!/bin/sh\n')).toBe('ab12')
  })

  it('reads it from `sh -s -- NONCE ...` when stdin is only the script', () => {
    expect(nonceOf("sh -s -- cd34 3600 '262144'", '#!/bin/sh\n# fleet probe\n')).toBe('cd34')
  })

  it('is empty for a command that is not the probe', () => {
    expect(nonceOf('uname -a', '')).toBe('')
  })
})
