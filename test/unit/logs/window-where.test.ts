/**
 * inWindowWhere parses only the lines a check looks for (the OOM killer's among a busy host's
 * kernel log): it must return what parsing everything and filtering returns, including across
 * a DST change, where a stamp's instant depends on the line before it.
 */
import {describe, expect, it} from 'vitest'
import {classifyKernel, mayClassifyKernel} from '../../../src/logs/classify-kernel.js'
import {parseLog} from '../../../src/logs/window.js'
import {inWindow, inWindowWhere} from '../../../src/logs/window.js'
import {offsetSteadyAround} from '../../../src/logs/local-time.js'
import {logLines, utc} from './helpers.js'

const kernel = logLines('kernel-dmesg-T-oom.txt')
const fpmLine = (stamp: string) => `[${stamp}] WARNING: [pool www] child 42 said into stderr: "x"`

describe('inWindowWhere', () => {
  it('keeps the same kernel OOM entries as a full parse, parsing only the lines that can be OOM messages', () => {
    const options = {now: utc(2026, 11, 25, 18, 20, 0), utcOffset: '+0000', windowSeconds: 3600}
    const full = inWindow(kernel, 'kernel', options).filter((entry) => mayClassifyKernel(entry.raw))
    expect(full.length).toBeGreaterThanOrEqual(2)
    const where = inWindowWhere(kernel, 'kernel', options, mayClassifyKernel)
    expect(where.map((e) => [e.raw, e.time])).toEqual(full.map((e) => [e.raw, e.time]))
    let parsed = 0
    inWindowWhere(kernel, 'kernel', options, (line) => (mayClassifyKernel(line) ? ++parsed > 0 : false))
    expect(parsed).toBe(full.length)
    expect(parsed).toBeLessThan(kernel.length / 10)
    // The window still applies: an hour later the same lines are out.
    expect(inWindowWhere(kernel, 'kernel', {...options, now: options.now + 7200}, mayClassifyKernel)).toEqual([])
  })

  it('screens out no line that classifies (old kernels\' wording too)', () => {
    const old = [
      '[Wed Nov 25 18:14:39 2026] Out of memory: Kill process 4242 (php-fpm8.2) score 912 or sacrifice child',
      '[Wed Nov 25 18:14:39 2026] Killed process 4243 (php-fpm8.2) total-vm:1024kB, anon-rss:512kB, file-rss:0kB',
    ]
    const entries = parseLog([...kernel, ...old], 'kernel', {now: utc(2026, 11, 25, 18, 20, 0), utcOffset: '+0000'})
    const classified = entries.filter((entry) => classifyKernel(entry) !== null)
    expect(new Set(classified.map((entry) => classifyKernel(entry)!.class))).toEqual(new Set(['oom-kill', 'oom-select', 'oom-summary']))
    expect(classified.filter((entry) => !mayClassifyKernel(entry.raw)).map((entry) => entry.raw)).toEqual([])
    // And it does screen: most lines of a real OOM dump are not OOM messages.
    expect(entries.filter((entry) => mayClassifyKernel(entry.raw)).length).toBeLessThan(entries.length / 10)
  })

  it('parses every line when the host zone changes offset near the window (the repeated hour reads the line before)', () => {
    // Europe/Berlin fell back at 2026-10-25 03:00 CEST: 02:10 after 02:40 is the second pass (CET).
    const now = utc(2026, 10, 25, 1, 30, 0)
    const lines = [fpmLine('25-Oct-2026 02:20:00'), fpmLine('25-Oct-2026 02:40:00'), fpmLine('25-Oct-2026 02:10:00').replace('42', '43')]
    const options = {now, utcOffset: '+0100', timeZone: 'Europe/Berlin', windowSeconds: 1800}
    expect(offsetSteadyAround(options, now - 1800, now)).toBe(false)
    // Only child 43's line is wanted; its instant (01:10 UTC, in the window) needs the 02:40 line before it.
    const where = inWindowWhere(lines, 'fpm', options, (line) => line.includes('child 43'))
    expect(where.map((e) => e.time)).toEqual([utc(2026, 10, 25, 1, 10, 0)])
    // Read alone, the same line would be the first pass (00:10 UTC) and out of the window.
    expect(inWindow([lines[2]], 'fpm', options)).toEqual([])
  })

  it('reads a steady zone or a fixed offset without the line before', () => {
    const context = {utcOffset: '+0100', timeZone: 'Europe/Berlin'}
    expect(offsetSteadyAround(context, utc(2026, 12, 4, 0, 0, 0), utc(2026, 12, 5, 0, 0, 0))).toBe(true)
    expect(offsetSteadyAround({utcOffset: '+0100'}, utc(2026, 10, 24, 0, 0, 0), utc(2026, 10, 26, 0, 0, 0))).toBe(true)
    // The day after the window: a change then could still move a stamp inside it.
    expect(offsetSteadyAround(context, utc(2026, 10, 24, 0, 0, 0), utc(2026, 10, 24, 12, 0, 0))).toBe(false)
    // More than a week: not vouched for.
    expect(offsetSteadyAround(context, utc(2026, 12, 1, 0, 0, 0), utc(2026, 12, 9, 0, 0, 0))).toBe(false)
  })
})
