import {describe, expect, it} from 'vitest'
import {getLogFormat, LOG_FORMATS, type LogFormatName} from '../../../src/logs/formats.js'
import {inWindow, parseLog} from '../../../src/logs/window.js'
import {parseUtcOffset} from '../../../src/logs/local-time.js'
import {IST, logLines, utc} from './helpers.js'

const errorLines = logLines('nginx-error.log')
// Last recorded line: 2026/11/25 23:44:31 (+0530) = 18:14:31 UTC.
const now = utc(2026, 11, 25, 18, 14, 31)

describe('inWindow', () => {
  it('keeps both edges of the window, inclusive', () => {
    const all = parseLog(errorLines, 'nginx-error', {now, utcOffset: IST})
    // 23:44:12 is 19 s before now: in a 19 s window, out of an 18 s one.
    const at12 = all.filter((entry) => entry.time === now - 19).length
    expect(at12).toBeGreaterThan(0)
    const w19 = inWindow(errorLines, 'nginx-error', {now, windowSeconds: 19, utcOffset: IST})
    const w18 = inWindow(errorLines, 'nginx-error', {now, windowSeconds: 18, utcOffset: IST})
    expect(w19.length - w18.length).toBe(at12)
    expect(w18.every((entry) => entry.time! > now - 19)).toBe(true)
    // A line at exactly `now` is in; after `now` is out.
    expect(inWindow(errorLines, 'nginx-error', {now, windowSeconds: 0, utcOffset: IST}).map((e) => e.raw)).toEqual([errorLines.at(-1)])
    expect(inWindow(errorLines, 'nginx-error', {now: now - 1, windowSeconds: 1, utcOffset: IST}).every((e) => e.time! <= now - 1)).toBe(true)
  })

  it('reads wall-clock stamps in the host zone: the same lines fall out of the window in UTC', () => {
    const inIst = inWindow(errorLines, 'nginx-error', {now, windowSeconds: 60, utcOffset: IST})
    expect(inIst).toHaveLength(errorLines.length)
    // Read as UTC the lines are 5h30 "later" than now: none is in the window.
    expect(inWindow(errorLines, 'nginx-error', {now, windowSeconds: 60, utcOffset: '+0000'})).toHaveLength(0)
    // A host west of UTC: the same wall-clock text is 13h30 later still.
    expect(inWindow(errorLines, 'nginx-error', {now: now + 13.5 * 3600, windowSeconds: 60, utcOffset: '-0800'})).toHaveLength(errorLines.length)
  })

  it('spans local midnight: dates roll over in the host zone', () => {
    const lines = logLines('nginx-error-after-midnight.log')
    // 2026/11/25 23:53:42 and 2026/11/26 00:03:41 in +0530; now = 00:05:00 +0530.
    const midnightNow = utc(2026, 11, 25, 18, 35, 0)
    expect(inWindow(lines, 'nginx-error', {now: midnightNow, windowSeconds: 20 * 60, utcOffset: IST})).toHaveLength(2)
    const recent = inWindow(lines, 'nginx-error', {now: midnightNow, windowSeconds: 120, utcOffset: IST})
    expect(recent.map((entry) => entry.time)).toEqual([utc(2026, 11, 25, 18, 33, 41)])
  })

  it('drops a truncated first line instead of misreading it', () => {
    const cut = [errorLines[0].slice(25), ...errorLines.slice(1)]
    const entries = inWindow(cut, 'nginx-error', {now, windowSeconds: 3600, utcOffset: IST})
    expect(entries).toHaveLength(errorLines.length - 1)
    expect(entries[0].continuation).toEqual([])
    // access lines cut mid-address still look whole: the flag drops line 0 explicitly.
    const access = logLines('nginx-access.log')
    const cutAccess = [access[0].slice(4), ...access.slice(1)]
    const opts = {now, windowSeconds: 86_400, utcOffset: IST}
    expect(inWindow(cutAccess, 'nginx-access', opts)).toHaveLength(access.length)
    expect(inWindow(cutAccess, 'nginx-access', {...opts, firstLineMayBePartial: true})).toHaveLength(access.length - 1)
  })

  it('keeps continuation lines with their entry, and an entry out of window takes its own with it', () => {
    const slow = logLines('fpm-slow.slow.log')
    const records = parseLog(slow, 'fpm-slowlog', {now, utcOffset: IST})
    const last = records.at(-1)!
    const windowed = inWindow(slow, 'fpm-slowlog', {now: last.time!, windowSeconds: 0, utcOffset: IST})
    expect(windowed.length).toBeGreaterThan(0)
    expect(windowed.every((record) => record.time === last.time && record.continuation.length === 3)).toBe(true)
    const total = windowed.reduce((n, record) => n + 1 + record.continuation.length, 0)
    expect(total).toBe(windowed.length * 4)
  })

  it('excludes entries without a readable time', () => {
    const lines = ['{"status":502}', logLines('nginx-access.log')[1]]
    expect(parseLog(lines, 'nginx-access', {now, utcOffset: IST})).toHaveLength(2)
    expect(inWindow(lines, 'nginx-access', {now, windowSeconds: 86_400, utcOffset: IST})).toHaveLength(1)
  })

  it('rejects bad offsets and unknown formats with a clear message', () => {
    expect(() => inWindow(errorLines, 'nginx-error', {now, windowSeconds: 60, utcOffset: 'IST'})).toThrow(/invalid UTC offset 'IST'/)
    expect(() => getLogFormat('apache' as LogFormatName)).toThrow(/unknown log format 'apache' \(known: nginx-error, nginx-access, fpm, fpm-slowlog, kernel, php-error\)/)
    expect(Object.keys(LOG_FORMATS)).toHaveLength(6)
    expect(parseUtcOffset('+05:30')).toBe(19_800)
    expect(parseUtcOffset('-0330')).toBe(-12_600)
    expect(parseUtcOffset('Z')).toBe(0)
  })
})
