/**
 * Zone-less log stamps on a host in Europe/Berlin, across both 2026 DST changes
 * (2026-03-29 02:00 CET -> 03:00 CEST, 2026-10-25 03:00 CEST -> 02:00 CET).
 */
import {describe, expect, it} from 'vitest'
import {windowedLogs} from '../../../src/checks/windowed-logs.js'
import {localToEpoch} from '../../../src/logs/local-time.js'
import {inWindow} from '../../../src/logs/window.js'
import {parseSystem} from '../../../src/probe/system.js'
import {factsFrom} from '../checks/rule-tester.js'
import {logLines, utc} from './helpers.js'

const nginxLine = (stamp: string, n: number) =>
  `${stamp} [error] 12#12: *${n} upstream timed out (110: Connection timed out) while reading response header from upstream, client: 10.0.0.9, server: shop.example, request: "GET / HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:", host: "shop.example"`
const fpmLine = (stamp: string) => `[${stamp}] WARNING: [pool www] server reached pm.max_children setting (5), consider raising it`

describe('Europe/Berlin, spring forward (2026-03-29)', () => {
  // The probe ran at 03:30 CEST (01:30 UTC): utc_offset says +0200, the offset of that moment.
  const context = {now: utc(2026, 3, 29, 1, 30, 0), utcOffset: '+0200', timeZone: 'Europe/Berlin', windowSeconds: 3600}
  const lines = [
    nginxLine('2026/03/29 01:20:00', 1), // CET: 00:20 UTC, before the window
    nginxLine('2026/03/29 01:40:00', 2), // CET: 00:40 UTC, inside
    nginxLine('2026/03/29 03:10:00', 3), // CEST: 01:10 UTC, inside
  ]

  it('counts the lines written before the change with the offset of their time', () => {
    expect(inWindow(lines, 'nginx-error', context).map((entry) => entry.cid)).toEqual([2, 3])
    expect(inWindow(lines, 'nginx-error', context)[0].time).toBe(utc(2026, 3, 29, 0, 40, 0))
  })

  it('without a zone it falls back to utc_offset (the offset at probe time)', () => {
    expect(inWindow(lines, 'nginx-error', {...context, timeZone: undefined}).map((entry) => entry.cid)).toEqual([3])
  })
})

describe('Europe/Berlin, fall back (2026-10-25)', () => {
  // The probe ran at 02:30 CET, the second pass of the repeated hour (01:30 UTC): utc_offset +0100.
  const now = utc(2026, 10, 25, 1, 30, 0)
  const lines = [
    fpmLine('25-Oct-2026 02:20:00'), // first pass, CEST: 00:20 UTC
    fpmLine('25-Oct-2026 02:40:00'), // first pass, CEST: 00:40 UTC
    fpmLine('25-Oct-2026 02:10:00'), // second pass, CET: 01:10 UTC (the log went back: it is the repeat)
    fpmLine('25-Oct-2026 02:25:00'), // second pass, CET: 01:25 UTC
  ]
  const context = {now, utcOffset: '+0100', timeZone: 'Europe/Berlin'}

  it('places each line of the repeated hour by the line before it', () => {
    expect(inWindow(lines, 'fpm', {...context, windowSeconds: 86_400}).map((entry) => entry.time)).toEqual([
      utc(2026, 10, 25, 0, 20, 0),
      utc(2026, 10, 25, 0, 40, 0),
      utc(2026, 10, 25, 1, 10, 0),
      utc(2026, 10, 25, 1, 25, 0),
    ])
  })

  it('counts the right lines in a 1h and a 30m window', () => {
    const stamps = (windowSeconds: number) => inWindow(lines, 'fpm', {...context, windowSeconds}).map((entry) => entry.raw.slice(13, 21))
    expect(stamps(3600)).toEqual(['02:40:00', '02:10:00', '02:25:00'])
    expect(stamps(1800)).toEqual(['02:10:00', '02:25:00'])
  })

  it('a lone stamp in the repeated hour is the earlier instant (never moved past the host clock)', () => {
    expect(localToEpoch(2026, 9, 25, 2, 30, 0, {now, utcOffset: '+0100', timeZone: 'Europe/Berlin'})).toBe(utc(2026, 10, 25, 0, 30, 0))
  })

  it('reads the zone from the system frame and windows the host logs with it', () => {
    const facts = structuredClone(factsFrom('fpm-stopped'))
    const partial: Array<{fact: string; reason: string}> = []
    const sys = parseSystem({name: 'system', attrs: {}, body: 'hostname=web1\nnow=1793237400\nutc_offset=+0100\ntz=Europe/Berlin\n', rc: 0, stderr: ''} as never, partial)
    expect(sys.system.timeZone).toBe('Europe/Berlin')
    facts.system = sys.system
    facts.windowSeconds = 3600
    facts.system.now = now
    facts.logs.fpm = [{path: '/var/log/php8.2-fpm.log', lines, truncated: false}]
    expect(windowedLogs(facts).fpm).toHaveLength(3)
  })

  it('ignores a tz= that is not a zone name', () => {
    for (const tz of ['Nowhere/Atlantis', '../../etc/passwd', 'Europe/Berlin;rm', '']) {
      expect(parseSystem({name: 'system', attrs: {}, body: `utc_offset=+0100\ntz=${tz}\n`, rc: 0, stderr: ''} as never, []).system.timeZone).toBeUndefined()
    }
  })
})

describe('the lab host switched to Europe/Berlin (issue9/tz-berlin.log)', () => {
  it('reads the warning written in CET at its UTC instant', () => {
    const context = {now: utc(2026, 12, 4, 22, 10, 0), utcOffset: '+0100', timeZone: 'Europe/Berlin', windowSeconds: 600}
    const warnings = inWindow(logLines('issue9/tz-berlin.log'), 'fpm', context).filter((entry) => entry.level === 'WARNING')
    expect(warnings.map((entry) => entry.time)).toEqual([utc(2026, 12, 4, 22, 4, 56)])
  })
})
