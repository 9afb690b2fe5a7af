import {describe, expect, it} from 'vitest'
import {classifyNginxError, upstreamAddress} from '../../../src/logs/classify-nginx.js'
import {parseLog} from '../../../src/logs/window.js'
import {IST, logLines, utc} from './helpers.js'

const ctx = {now: utc(2026, 11, 25, 18, 15, 0), utcOffset: IST}

describe('classifyNginxError on the recorded lab faults', () => {
  const lines = logLines('nginx-error.log')
  const entries = parseLog(lines, 'nginx-error', ctx)
  const classes = entries.map((entry) => classifyNginxError(entry)?.class)
  const count = (name: string) => classes.filter((c) => c === name).length
  const rawCount = (needle: string) => lines.filter((line) => line.includes(needle)).length

  it('classifies every recorded upstream failure', () => {
    expect(classes).not.toContain(undefined)
  })

  it.each([
    ['backlog-full', '(11: Resource temporarily unavailable)'],
    ['socket-missing', '(2: No such file or directory)'],
    ['socket-permission', '(13: Permission denied)'],
    ['refused', '(111: Connection refused)'],
    ['timed-out', 'upstream timed out (110'],
    ['reset-by-peer', '(104: Connection reset by peer)'],
    ['too-big-header', 'upstream sent too big header'],
    ['no-live-upstreams', 'no live upstreams'],
  ])('%s matches the lines that say %s', (name, needle) => {
    expect(count(name)).toBe(rawCount(needle))
    expect(count(name)).toBeGreaterThan(0)
  })

  it('captures the socket, and the address of a TCP refusal from the upstream field', () => {
    const locked = entries.find((entry) => entry.errno === 13)!
    expect(classifyNginxError(locked)).toEqual({class: 'socket-permission', socket: '/run/php/locked.sock', upstream: 'fastcgi://unix:/run/php/locked.sock:'})
    const refused = entries.find((entry) => entry.errno === 111)!
    expect(classifyNginxError(refused)).toMatchObject({class: 'refused', address: '127.0.0.1:9009'})
  })

  it('knows the texts it could not provoke in the lab (from the nginx sources)', () => {
    const base = lines[0]
    const make = (message: string, action = 'reading response header from upstream') =>
      base.replace(/\*9 .* while connecting to upstream/, `*9 ${message} while ${action}`)
    const entry = (message: string, action?: string) => parseLog([make(message, action)], 'nginx-error', ctx)[0]
    expect(classifyNginxError(entry('upstream prematurely closed connection'))?.class).toBe('prematurely-closed')
    expect(classifyNginxError(entry('upstream prematurely closed FastCGI stdout', 'reading upstream'))?.class).toBe('prematurely-closed')
    const unixRefused = entry('connect() to unix:/run/php/php8.2-fpm.sock failed (111: Connection refused)', 'connecting to upstream')
    expect(classifyNginxError(unixRefused)).toMatchObject({class: 'refused', address: 'unix:/run/php/php8.2-fpm.sock'})
  })

  it('classifies the real stale-socket refusal (FPM killed with -9, socket file left behind)', () => {
    const [reset, stale] = parseLog(logLines('nginx-error-after-midnight.log'), 'nginx-error', ctx)
    expect(classifyNginxError(stale)).toMatchObject({class: 'refused', address: 'unix:/run/php/php8.2-fpm.sock'})
    expect(classifyNginxError(reset)).toMatchObject({class: 'reset-by-peer'})
  })

  it('leaves client-side resets and other lines alone', () => {
    const client = parseLog(['2026/11/25 23:44:12 [info] 39#39: *80 recv() failed (104: Connection reset by peer) while reading client request line, client: 127.0.0.1, server: 0.0.0.0:80'], 'nginx-error', ctx)[0]
    expect(client.action).toBe('reading client request line')
    expect(classifyNginxError(client)).toBeNull()
    const header = parseLog(['2026/11/25 23:44:12 [info] 39#39: *81 client sent too long header line: "Cookie: a=xxx..." while reading client request headers, client: 127.0.0.1, server: _, host: "127.0.0.1"'], 'nginx-error', ctx)[0]
    expect(classifyNginxError(header)).toBeNull()
  })

  it('upstreamAddress strips schema and the unix trailing colon', () => {
    expect(upstreamAddress('fastcgi://unix:/run/php/php8.2-fpm.sock:')).toBe('unix:/run/php/php8.2-fpm.sock')
    expect(upstreamAddress('fastcgi://unix:/run/php/php8.2-fpm.sock')).toBe('unix:/run/php/php8.2-fpm.sock')
    expect(upstreamAddress('http://10.0.0.5:8080/api')).toBe('10.0.0.5:8080')
    expect(upstreamAddress(undefined)).toBeUndefined()
  })
})
