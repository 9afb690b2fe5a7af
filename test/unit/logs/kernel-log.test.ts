import {describe, expect, it} from 'vitest'
import {classifyKernel} from '../../../src/logs/classify-kernel.js'
import {inWindow, parseLog} from '../../../src/logs/window.js'
import {logLines, utc} from './helpers.js'

// Recorded with `dmesg -T` on the controller, whose zone is UTC.
const dmesg = logLines('kernel-dmesg-T-oom.txt')
const ctx = {now: utc(2026, 11, 25, 18, 20, 0), utcOffset: '+0000'}
const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/**
 * The same real kernel messages in the other sources' layouts, re-stamped with the
 * documented prefixes (journalctl short-iso, rsyslog RFC3339 and traditional formats),
 * because this controller has neither journald nor rsyslog reading the kernel.
 */
function restamp(layout: 'journal' | 'rfc3339' | 'syslog', line: string): string {
  const m = /^\[\w{3} (\w{3}) +(\d+) (\d\d:\d\d:\d\d) (\d{4})\] (.*)$/.exec(line)!
  const mm = String(MON.indexOf(m[1]) + 1).padStart(2, '0')
  const dd = m[2].padStart(2, '0')
  if (layout === 'journal') return `${m[4]}-${mm}-${dd}T${m[3]}+0000 web1 kernel: ${m[5]}`
  if (layout === 'rfc3339') return `${m[4]}-${mm}-${dd}T${m[3]}.520961+00:00 web1 kernel: ${m[5]}`
  return `${m[1]} ${m[2].padStart(2, ' ')} ${m[3]} web1 kernel: [ 1234.520961] ${m[5]}`
}

describe('kernel log', () => {
  it('finds the real cgroup OOM kill and its summary in dmesg -T output', () => {
    const entries = parseLog(dmesg, 'kernel', ctx)
    expect(entries).toHaveLength(dmesg.length)
    const hits = entries.map((entry) => classifyKernel(entry)).filter((hit) => hit !== null)
    expect(hits).toEqual([
      expect.objectContaining({class: 'oom-summary', constraint: 'CONSTRAINT_MEMCG', name: 'tail', pid: '16300', uid: '0'}),
      {class: 'oom-kill', kind: 'Memory cgroup out of memory', pid: '16300', name: 'tail'},
    ])
    const kill = entries.find((entry) => classifyKernel(entry)?.class === 'oom-kill')!
    expect(kill.time).toBe(utc(2026, 11, 25, 18, 14, 39))
    expect(kill.source).toBe('dmesg')
  })

  it.each(['journal', 'rfc3339', 'syslog'] as const)('reads the same messages in %s layout', (layout) => {
    const entries = parseLog(dmesg.map((line) => restamp(layout, line)), 'kernel', ctx)
    const reference = parseLog(dmesg, 'kernel', ctx)
    expect(entries.map((entry) => entry.message)).toEqual(reference.map((entry) => entry.message))
    expect(entries.map((entry) => entry.time)).toEqual(reference.map((entry) => entry.time))
    expect(entries[0]).toMatchObject({source: layout, hostname: 'web1'})
  })

  it('uses the host offset for zone-less stamps only', () => {
    const east = {...ctx, utcOffset: '+0200'}
    expect(parseLog([dmesg[0]], 'kernel', east)[0].time).toBe(utc(2026, 11, 25, 16, 14, 39))
    expect(parseLog([restamp('syslog', dmesg[0])], 'kernel', east)[0].time).toBe(utc(2026, 11, 25, 16, 14, 39))
    expect(parseLog([restamp('journal', dmesg[0])], 'kernel', east)[0].time).toBe(utc(2026, 11, 25, 18, 14, 39))
  })

  it('puts a December syslog line read in January in the previous year', () => {
    const january = {now: utc(2027, 1, 2, 10, 0, 0), utcOffset: '+0000'}
    const [entry] = parseLog(['Dec 31 23:59:00 web1 kernel: Out of memory: Killed process 4242 (php-fpm8.2) total-vm:1kB'], 'kernel', january)
    expect(entry.time).toBe(utc(2026, 12, 31, 23, 59, 0))
    expect(classifyKernel(entry)).toEqual({class: 'oom-kill', kind: 'Out of memory', pid: '4242', name: 'php-fpm8.2'})
  })

  it('knows the pre-4.x wording (mm/oom_kill.c format string): the chosen process, not yet the victim', () => {
    const [entry] = parseLog(['Nov 25 18:05:00 web1 kernel: Out of memory: Kill process 812 (php-fpm7.0) score 301 or sacrifice child'], 'kernel', ctx)
    expect(classifyKernel(entry)).toEqual({class: 'oom-select', kind: 'Out of memory', pid: '812', name: 'php-fpm7.0', score: '301'})
  })

  it('skips journal markers and windows the OOM', () => {
    const lines = ['-- Boot 0123456789abcdef --', ...dmesg.map((line) => restamp('journal', line)), '-- No entries --']
    expect(parseLog(lines, 'kernel', ctx)).toHaveLength(dmesg.length)
    expect(inWindow(lines, 'kernel', {...ctx, windowSeconds: 300})).toHaveLength(0)
    expect(inWindow(lines, 'kernel', {...ctx, windowSeconds: 321})).toHaveLength(dmesg.length)
  })
})

// The kernel patterns have `.*` before a literal too (a comm may hold `)`): a long hostile line (the journal carries
// anyone's words) must classify as a short one does, without retrying the rest of the line from each start.
describe('kernel OOM classes on 300 KB hostile lines', () => {
  const repeat = (text: string) => text.repeat(Math.ceil(300_000 / text.length))
  const entry = (message: string) => parseLog([`Nov 25 18:05:00 web1 kernel: ${message}`], 'kernel', ctx)[0]

  it.each([['Killed process 1 ('], ['Out of memory: Kill process 1 ('], ['oom-kill:constraint=x,task=']])('%s repeated: no class', (piece) => {
    const hostile = entry(repeat(piece))
    expect(hostile.message.length).toBeGreaterThanOrEqual(300_000)
    expect(classifyKernel(hostile)).toBeNull()
  })

  it('the real lines followed by noise still classify as they did', () => {
    expect(classifyKernel(entry(`Out of memory: Killed process 4242 (php-fpm8.2) total-vm:1kB ${repeat('Killed process 1 (')}`))).toEqual({class: 'oom-kill', kind: 'Out of memory', pid: '4242', name: 'php-fpm8.2'})
    expect(classifyKernel(entry(`Out of memory: Kill process 812 (php-fpm7.0) score 301 or sacrifice child ${repeat('Out of memory: Kill process 1 (')}`))).toEqual({class: 'oom-select', kind: 'Out of memory', pid: '812', name: 'php-fpm7.0', score: '301'})
    const summary = 'oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/fpmdev-oom,task_memcg=/fpmdev-oom,task=tail,pid=16300,uid=0'
    expect(classifyKernel(entry(`${summary} ${repeat('oom-kill:constraint=x,task=')}`))).toEqual({class: 'oom-summary', constraint: 'CONSTRAINT_MEMCG', name: 'tail', pid: '16300', uid: '0'})
  })

  it('a comm holding `)` still runs to the last `)` before total-vm:, after 300 KB of it', () => {
    const name = repeat('a) (')
    expect(classifyKernel(entry(`Out of memory: Killed process 4242 (${name}) total-vm:1kB`))).toMatchObject({class: 'oom-kill', pid: '4242', name})
  })
})
