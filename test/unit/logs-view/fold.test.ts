/**
 * Masking and folding on real recordings (test/fixtures/checks/logs): the same nginx error
 * from different hosts, pids, connections, clients and request parameters folds into one
 * line; different events do not.
 */
import {describe, expect, it} from 'vitest'

import {hostEvents, keepEvent, type LogEvent} from '../../../src/logs-view/events.js'
import {LogFolder} from '../../../src/logs-view/fold.js'
import {maskMessage} from '../../../src/logs-view/mask.js'
import {NewEvents} from '../../../src/logs-view/new-events.js'
import {logFacts} from '../checks/log-facts.js'

const RESET = /recv\(\) failed \(104/

describe('maskMessage', () => {
  it('masks client addresses, numbers and request ids but keeps the errno', () => {
    expect(maskMessage('connect() failed (111: Connection refused) while connecting to upstream, client: 10.231.12.1, upstream: "fastcgi://127.0.0.1:9999", host: "10.231.12.2"')).toBe(
      'connect() failed (111: Connection refused) while connecting to upstream, client: <addr>, upstream: "fastcgi://<addr>", host: "<addr>"',
    )
    expect(maskMessage('WARNING: [pool www] server reached pm.max_children setting (2), consider raising it')).toBe('WARNING: [pool www] server reached pm.max_children setting (<n>), consider raising it')
    expect(maskMessage('request: "GET /sleep.php?s=10 HTTP/1.1"')).toBe('request: "GET /sleep.php?s=<n> HTTP/1.1"')
    expect(maskMessage('request 3f2b9c1e-8a4d-4f6b-9c2e-1a2b3c4d5e6f id 9f86d081884c7d659a2feaa0 from 2001:db8::1')).toBe('request <id> id <id> from <addr>')
  })
})

describe('folding real recordings across hosts', () => {
  const hosts = {web01: 'request-terminated', web02: 'child-killed', web03: 'max-children'} as const
  const events = Object.entries(hosts).flatMap(([name, scenario]) => hostEvents(name, logFacts(scenario)))

  it('folds the (104) reset of two hosts, different pids, clients and requests, into one line', () => {
    const folder = new LogFolder(Object.keys(hosts))
    folder.add(events)
    const resets = folder.lines().filter((line) => RESET.test(line.message))
    expect(resets).toHaveLength(1)
    expect(resets[0]).toMatchObject({source: 'nginx', level: 'error', count: 2, hosts: ['web[01-02]'], hostCount: 2})
    expect(resets[0].message).toContain('client: <addr>')
    expect(resets[0].message).toContain('/sleep.php?s=<n>')
    // The sample is one real line (the latest), not the masked text.
    expect(resets[0].sample.line).toMatch(/^2026\/11\/25 \d\d:\d\d:\d\d \[error\] \d+#\d+: \*\d+ recv\(\) failed/)
    expect(resets[0].firstSeen < resets[0].lastSeen).toBe(true)
  })

  it('keeps different events apart', () => {
    const folder = new LogFolder(Object.keys(hosts))
    folder.add(events)
    const messages = folder.lines().map((line) => line.message)
    expect(messages.some((m) => m.includes('server reached pm.max_children setting (<n>)'))).toBe(true)
    expect(new Set(messages).size).toBe(messages.length)
  })

  it('filters by level (FPM WARNING is warn) and by the operator regex', () => {
    const warnOrWorse = events.filter((event) => keepEvent(event, {level: 'warn'}))
    expect(warnOrWorse.some((event) => event.source === 'fpm' && /max_children/.test(event.raw))).toBe(true)
    expect(warnOrWorse.some((event) => event.level === 'notice')).toBe(false)
    const errors = events.filter((event) => keepEvent(event, {level: 'error'}))
    expect(errors.length).toBeGreaterThan(0)
    expect(errors.every((event) => event.level === 'error' || event.level === 'crit' || event.level === 'alert' || event.level === 'emerg')).toBe(true)
    const grepped = events.filter((event) => keepEvent(event, {grep: /Connection reset/}))
    expect(grepped.map((event) => event.host).sort()).toEqual(['web01', 'web02'])
  })

  it('reads kernel lines (the oom-kill recording) with no level; --level leaves them out', () => {
    const oom = hostEvents('web04', logFacts('oom-kill')).filter((event) => event.source === 'kernel')
    expect(oom.some((event) => /out of memory/i.test(event.raw))).toBe(true)
    expect(oom.every((event) => event.level === undefined && !keepEvent(event, {level: 'debug'}))).toBe(true)
  })
})

describe('--follow: NewEvents counts each line once across overlapping polls', () => {
  const line = (time: number, raw: string): LogEvent => ({host: 'web01', source: 'fpm', level: 'warn', time, key: 'k', raw, path: '/var/log/php8.2-fpm.log'})

  it('skips what an earlier poll counted, also copies at the same second, and keeps what is new', () => {
    const fresh = new NewEvents()
    expect(fresh.take([line(10, 'a'), line(11, 'b'), line(11, 'b')])).toHaveLength(3)
    // The second poll's window overlaps the first: 11 'b' twice was counted; a third copy at 11 is new.
    const second = fresh.take([line(10, 'a'), line(11, 'b'), line(11, 'b'), line(11, 'b'), line(12, 'c')])
    expect(second.map((event) => `${event.time}${event.raw}`)).toEqual(['11b', '12c'])
    expect(fresh.take([line(11, 'b'), line(12, 'c')])).toEqual([])
  })

  it("a later poll's longer window does not bring back lines older than the first poll's --since window", () => {
    const fresh = new NewEvents()
    const other = (time: number, raw: string): LogEvent => ({...line(time, raw), source: 'nginx', path: '/var/log/nginx/error.log'})
    // First poll: --since 60 on a host clock at 1000; only the FPM log had lines in it.
    fresh.floor('web01', 940)
    expect(fresh.take([line(950, 'a')])).toHaveLength(1)
    // Second poll (window interval*3+30, reaching back to 900): the nginx line at 910 predates --since.
    fresh.floor('web01', 900)
    const second = fresh.take([other(910, 'old'), line(950, 'a'), other(1005, 'new')])
    expect(second.map((event) => event.raw)).toEqual(['new'])
  })

  it('the folded counts grow by what is new only', () => {
    const folder = new LogFolder(['web01'])
    const fresh = new NewEvents()
    folder.add(fresh.take([line(1, 'x'), line(2, 'x')]))
    folder.add(fresh.take([line(1, 'x'), line(2, 'x'), line(3, 'x')]))
    expect(folder.lines()).toMatchObject([{count: 3, hosts: ['web01']}])
  })
})
