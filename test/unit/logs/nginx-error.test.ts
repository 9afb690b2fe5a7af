import {describe, expect, it} from 'vitest'
import {parseNginxErrorLine} from '../../../src/logs/nginx-error.js'
import {parseLog} from '../../../src/logs/window.js'
import {IST, logLines, utc} from './helpers.js'

const ctx = {now: utc(2026, 11, 25, 18, 15, 0), utcOffset: IST}

describe('parseNginxErrorLine on real nginx 1.22 lines', () => {
  const lines = logLines('nginx-error.log')
  const find = (needle: string) => parseNginxErrorLine(lines.find((line) => line.includes(needle))!, ctx)!

  it('splits an ENOENT connect line into its fields', () => {
    const entry = find('/dead/')
    expect(entry).toMatchObject({
      level: 'crit',
      pid: 39,
      tid: 39,
      cid: 53,
      message: 'connect() to unix:/run/php/missing.sock failed',
      errno: 2,
      errnoText: 'No such file or directory',
      action: 'connecting to upstream',
      client: '127.0.0.1',
      server: '_',
      request: 'GET /dead/ HTTP/1.1',
      upstream: 'fastcgi://unix:/run/php/missing.sock:',
      host: '127.0.0.1',
    })
    // 2026/11/25 23:44:12 in the host's +0530 is 18:14:12 UTC.
    expect(entry.time).toBe(utc(2026, 11, 25, 18, 14, 12))
  })

  it('reads lines without errno, and TCP upstreams without the unix colon', () => {
    const big = find('too big header')
    expect(big.errno).toBeUndefined()
    expect(big.message).toBe('upstream sent too big header')
    expect(big.action).toBe('reading response header from upstream')
    const tcp = find('/tcp/')
    expect(tcp.message).toBe('connect() failed')
    expect(tcp.errno).toBe(111)
    expect(tcp.upstream).toBe('fastcgi://127.0.0.1:9009')
    const live = find('no live upstreams')
    expect(live.message).toBe('no live upstreams')
    expect(live.upstream).toBe('fastcgi://two_dead')
  })

  it('parses every recorded line and uses the host offset, not the controller zone', () => {
    const entries = parseLog(lines, 'nginx-error', ctx)
    expect(entries).toHaveLength(lines.length)
    const inUtc = parseLog(lines, 'nginx-error', {...ctx, utcOffset: '+0000'})
    entries.forEach((entry, i) => expect(inUtc[i].time! - entry.time!).toBe(5.5 * 3600))
    const inLA = parseLog(lines, 'nginx-error', {...ctx, utcOffset: '-0800'})
    expect(inLA[0].time! - entries[0].time!).toBe(13.5 * 3600)
  })

  it('reads lines outside a connection and lines with a referrer', () => {
    const ctxLine = '2026/11/25 23:40:00 [emerg] 1#1: bind() to 0.0.0.0:80 failed (98: Address already in use)'
    expect(parseNginxErrorLine(ctxLine, ctx)).toMatchObject({level: 'emerg', errno: 98, message: 'bind() to 0.0.0.0:80 failed'})
    expect(parseNginxErrorLine(ctxLine, ctx)!.cid).toBeUndefined()
    const withReferrer = lines[lines.length - 1].replace(/"$/, '", referrer: "http://ref.example/"')
    expect(parseNginxErrorLine(withReferrer, ctx)).toMatchObject({host: '127.0.0.1', referrer: 'http://ref.example/', errno: 104})
  })

  it('does not take a " while " inside FastCGI stderr for the action', () => {
    const line = '2026/11/25 23:40:00 [error] 39#39: *9 FastCGI sent in stderr: "PHP message: failed while (x) reading" while reading response header from upstream, client: 127.0.0.1, server: _, request: "GET / HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:", host: "h"'
    const entry = parseNginxErrorLine(line, ctx)!
    expect(entry.action).toBe('reading response header from upstream')
    expect(entry.message).toBe('FastCGI sent in stderr: "PHP message: failed while (x) reading"')
  })

  it('returns null for what is not an error-log line', () => {
    expect(parseNginxErrorLine('4:12 [error] 39#39: *51 connect() to unix:/run/php/locked.sock', ctx)).toBeNull()
    expect(parseNginxErrorLine('', ctx)).toBeNull()
  })
})
