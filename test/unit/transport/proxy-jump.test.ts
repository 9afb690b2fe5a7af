import {describe, expect, it} from 'vitest'
import {formatHop, parseProxyJump} from '../../../src/transport/proxy-jump.js'

describe('parseProxyJump', () => {
  it.each([
    ['bastion', [{host: 'bastion'}]],
    ['ops@bastion:2222', [{user: 'ops', host: 'bastion', port: 2222}]],
    ['a,deploy@b:22', [{host: 'a'}, {user: 'deploy', host: 'b', port: 22}]],
    ['ssh://ops@10.0.0.1:2200', [{user: 'ops', host: '10.0.0.1', port: 2200}]],
    ['[::1]:2222', [{host: '::1', port: 2222}]],
    ['none', []],
  ])('%s', (spec, hops) => {
    expect(parseProxyJump(spec)).toEqual(hops)
  })

  it.each(['bastion:0', 'bastion:x', 'a,,b', '@bastion', 'b:99999'])('rejects %s naming the hop', (spec) => {
    expect(() => parseProxyJump(spec)).toThrow(/ProxyJump/)
  })

  it('formats hops back in the same syntax', () => {
    for (const spec of ['ops@bastion:2222', 'bastion', '[::1]:2222']) expect(formatHop(parseProxyJump(spec)[0])).toBe(spec)
  })
})
