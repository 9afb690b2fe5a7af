import {describe, expect, it} from 'vitest'
import {BoundedOutput} from '../../../src/transport/bounded-output.js'

describe('BoundedOutput', () => {
  it('keeps a multi-byte character split across chunks whole', () => {
    const out = new BoundedOutput(100)
    const bytes = Buffer.from('é中😀')
    for (const byte of bytes) out.push(Buffer.from([byte]))
    expect(out.text()).toBe('é中😀')
    expect(out.truncated).toBe(false)
  })

  it('stops at the cap and marks truncation', () => {
    const out = new BoundedOutput(5)
    out.push('abc')
    out.push('defg')
    out.push('h')
    expect(out.text()).toBe('abcde')
    expect(out.truncated).toBe(true)
  })
})
