import {describe, expect, it} from 'vitest'
import {parseProcNetTcp, parseProcNetUnix, parseSsTcp} from '../../../src/probe/listeners.js'
import {fixture} from './fixtures.js'

describe('listener fallbacks without ss (recorded in the same container)', () => {
  it('/proc/net/tcp{,6} LISTEN rows decode to the addresses ss prints', () => {
    const fromProc = parseProcNetTcp(fixture('proc-net-tcp.txt')).map((l) => l.address)
    const fromSs = parseSsTcp(fixture('ss-ltn.txt')).map((l) => l.address)
    expect(fromProc.sort()).toEqual(fromSs.sort())
  })

  it('/proc/net/unix listening rows give socket paths', () => {
    const paths = parseProcNetUnix(fixture('proc-net-unix.txt')).map((l) => l.address)
    expect(paths).toContain('/run/php/php8.2-fpm.sock')
    expect(paths.every((p) => p.startsWith('/') || p.startsWith('@'))).toBe(true)
  })

  it('decodes a loopback address in host byte order', () => {
    const row = '   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0'
    expect(parseProcNetTcp(row)).toEqual([{kind: 'tcp', address: '127.0.0.1:8080'}])
  })
})
