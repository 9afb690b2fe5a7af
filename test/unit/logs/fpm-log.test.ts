import {describe, expect, it} from 'vitest'
import {classifyFpm} from '../../../src/logs/classify-fpm.js'
import {parseFpmLogLine} from '../../../src/logs/fpm-log.js'
import {parseLog} from '../../../src/logs/window.js'
import {fpmFixtureLines, IST, logLines, utc} from './helpers.js'

const ctx = {now: utc(2026, 11, 25, 18, 15, 0), utcOffset: IST}

describe('FPM log parsing and classes on the recorded php8.2-fpm.log', () => {
  const lines = logLines('fpm-php8.2-fpm.log')
  const entries = parseLog(lines, 'fpm', ctx)
  const classified = entries.map((entry, i) => ({entry, result: classifyFpm(entry, entries.slice(0, i))}))
  const ofClass = (name: string) => classified.filter(({result}) => result?.class === name)

  it('parses time in the host zone, level, pool prefix', () => {
    expect(entries).toHaveLength(lines.length)
    const first = entries.find((entry) => entry.pool === 'www')!
    expect(first).toMatchObject({level: 'WARNING', pool: 'www', message: 'server reached pm.max_children setting (2), consider raising it'})
    expect(first.time).toBe(utc(2026, 11, 25, 18, 13, 50))
    expect(entries.find((entry) => entry.message === 'child 41 stopped for tracing')!.pool).toBeUndefined()
  })

  it('finds max_children with its limit and pool', () => {
    expect(ofClass('max-children-reached').map(({result}) => result)).toEqual([{class: 'max-children-reached', pool: 'www', limit: '2'}])
  })

  it('finds seems-busy with its numbers', () => {
    const busy = ofClass('seems-busy')
    expect(busy).toHaveLength(lines.filter((line) => line.includes('seems busy')).length)
    expect(busy[0].result).toMatchObject({pool: 'slow', spawning: '8', idle: '0', total: '4'})
  })

  it('finds the terminated request with its script and the slow ones', () => {
    expect(ofClass('request-terminated').map(({result}) => result)).toEqual([
      {class: 'request-terminated', pool: 'slow', pid: '54', script: '/var/www/html/sleep.php', request: 'GET /slow/?s=8', seconds: '5.078121'},
    ])
    const slow = ofClass('slow-request')
    expect(slow).toHaveLength(lines.filter((line) => line.includes('executing too slow')).length)
    expect(slow.every(({result}) => result!.script === '/var/www/html/sleep.php')).toBe(true)
  })

  it('counts SIGKILL children as killed, not the SIGTERM FPM sent itself', () => {
    const killed = ofClass('child-killed')
    expect(killed).toHaveLength(lines.filter((line) => line.includes('(SIGKILL)')).length)
    expect(killed[0].result).toMatchObject({signal: 'SIGKILL', signo: '9', pool: 'slow'})
    const term = entries.find((entry) => entry.message.includes('(SIGTERM)'))!
    expect(classifyFpm(term)).toBeNull()
  })

  it('takes the script from the earlier line of the same child when the timeout line has none', () => {
    // Two-line form of older FPM releases, built from php-src's format strings.
    const older = [
      "[25-Nov-2026 23:50:00] WARNING: [pool www] child 77, script '/srv/app/report.php' (request: \"GET /report\") executing too slow (5.000000 sec), logging",
      "[25-Nov-2026 23:50:01] WARNING: [pool www] child 78, script '/srv/app/other.php' (request: \"GET /other\") executing too slow (5.000000 sec), logging",
      '[25-Nov-2026 23:50:30] WARNING: [pool www] child 77 execution timed out (30.000000 sec), terminating',
      '[25-Nov-2026 23:50:31] WARNING: [pool www] server reached max_children setting (50), consider raising it',
    ]
    const parsed = parseLog(older, 'fpm', ctx)
    expect(classifyFpm(parsed[2], parsed.slice(0, 2))).toMatchObject({class: 'request-terminated', pid: '77', script: '/srv/app/report.php', request: 'GET /report'})
    expect(classifyFpm(parsed[3])).toMatchObject({class: 'max-children-reached', limit: '50'})
  })

  it.each([
    ['t-no-listen.txt', 'no listen address have been defined!'],
    ['t-bad-time-suffix.txt', "unable to parse value for entry 'request_terminate_timeout'"],
    ['tt-unknown-entry.txt', "unknown entry 'pm.max_chidlren'"],
    ['tt-bad-spare.txt', 'pm.min_spare_servers(0) must be a positive value'],
  ])('classifies the real FPM start-up errors of %s as config-error', (name, needle) => {
    const parsed = parseLog(fpmFixtureLines(name), 'fpm', ctx)
    const hit = parsed.find((entry) => entry.message.includes(needle))!
    expect(classifyFpm(hit)).toMatchObject({class: 'config-error'})
    expect(classifyFpm(hit)!.message).toContain(needle)
  })

  it('attaches lines that are not FPM lines to the previous entry, drops leading ones', () => {
    const parsed = parseLog(['PHP Fatal error:  tail cut', lines[0], 'a wrapped', 'line', lines[1]], 'fpm', ctx)
    expect(parsed).toHaveLength(2)
    expect(parsed[0].continuation).toEqual(['a wrapped', 'line'])
  })

  it('reads the debug-level stamp with microseconds', () => {
    expect(parseFpmLogLine('[25-Nov-2026 23:50:00.123456] DEBUG: pm: tick', ctx)!.time).toBe(utc(2026, 11, 25, 18, 20, 0))
  })
})

describe('FPM slowlog records', () => {
  it('groups each stack trace under its header with the script', () => {
    const lines = logLines('fpm-slow.slow.log')
    const records = parseLog(lines, 'fpm-slowlog', ctx)
    expect(records).toHaveLength(lines.filter((line) => / \[pool slow\] pid \d+$/.test(line)).length)
    expect(records[0]).toMatchObject({pool: 'slow', pid: 41, script: '/var/www/html/sleep.php', time: utc(2026, 11, 25, 18, 13, 54)})
    expect(records[0].continuation).toContain('[0x00007fb506014100] sleep() /var/www/html/sleep.php:3')
    expect(records.every((record) => record.continuation.length === 3)).toBe(true)
  })
})

// Lines also come from the journal and the pool logs, written by anyone: a long hostile line must classify as a
// short one does (the unanchored `child N(, .*)? execution timed out` used to retry the rest of the line from each
// `child N`: 288 KB of `child 1, ` took 7 s). Results only are asserted, no timing.
describe('FPM classes on 300 KB hostile lines', () => {
  const HOSTILE = 'child 1, '.repeat(Math.ceil(300_000 / 'child 1, '.length))
  const at = (message: string) => parseLog([`[25-Nov-2026 23:50:30] WARNING: [pool www] ${message}`], 'fpm', ctx)[0]

  it('no timeout wording: no class', () => {
    expect(at(HOSTILE).message.length).toBeGreaterThanOrEqual(300_000)
    expect(classifyFpm(at(HOSTILE))).toBeNull()
  })

  it('the wording without its `(N sec), terminating` end: no class', () => {
    expect(classifyFpm(at(`${HOSTILE} execution timed out (x sec)`))).toBeNull()
    expect(classifyFpm(at(`child 2 execution timed out (1.0 sec), terminatin${HOSTILE}`))).toBeNull()
  })

  it('a real timeout line behind or before the noise still classifies as it did (first child, last timeout)', () => {
    expect(classifyFpm(at(`${HOSTILE} execution timed out (30.000000 sec), terminating`))).toEqual({class: 'request-terminated', pool: 'www', pid: '1', seconds: '30.000000'})
    expect(classifyFpm(at(`child 77 execution timed out (30.000000 sec), terminating ${HOSTILE}`))).toEqual({class: 'request-terminated', pool: 'www', pid: '77', seconds: '30.000000'})
  })
})
