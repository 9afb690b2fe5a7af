/**
 * Rotated generations (contract item 3): recorded on a lab host (Debian 12, php8.2-fpm,
 * Europe/Berlin) by renaming the log as Debian's /etc/logrotate.d/php8.2-fpm does
 * (delaycompress) and running its postrotate, /usr/lib/php/php8.2-fpm-reopenlogs.
 * test/fixtures/logs/README.md says how.
 */
import {describe, expect, it} from 'vitest'
import {fpmMaxChildrenReached} from '../../../src/checks/rules/fpm-max-children-reached.js'
import {windowedLogs} from '../../../src/checks/windowed-logs.js'
import type {HostFacts, PartialFact} from '../../../src/probe/facts.js'
import type {Frame} from '../../../src/probe/frames.js'
import {logTails} from '../../../src/probe/logs.js'
import {parseProbeOutput} from '../../../src/probe/parse.js'
import {FIXTURE_NONCE, factsFrom, fixtureText, run} from '../checks/rule-tester.js'
import {logLines} from '../logs/helpers.js'

const CURRENT = '/var/log/php8.2-fpm.log'
const text = (name: string) => `${logLines(`rotated/${name}`).join('\n')}\n`
const current = text('php8.2-fpm.log')
const previous = text('php8.2-fpm.log.1')
const bytes = (s: string) => Buffer.byteLength(s)

function frame(attrs: Record<string, string>, body: string, rc = 0): Frame {
  return {name: 'log', attrs: {kind: 'fpm:php-fpm8.2', ...attrs}, body, rc, complete: true, stderr: ''}
}

function facts(tails: HostFacts['logs']['fpm']): HostFacts {
  const host = structuredClone(factsFrom('fpm-stopped'))
  host.system.now = Date.UTC(2026, 11, 4, 22, 9, 30) / 1000
  host.system.utcOffset = '+0100'
  host.system.timeZone = 'Europe/Berlin'
  host.windowSeconds = 3600
  host.logs.fpm = tails
  return host
}

describe('rotated generations merged into their log', () => {
  it('reads NAME.1 before the current file, as one log named by the current path', () => {
    const partial: PartialFact[] = []
    const frames = [frame({path: CURRENT, size: String(bytes(current))}, current), frame({path: `${CURRENT}.1`, of: CURRENT, gen: '1', size: String(bytes(previous))}, previous)]
    const tails = logTails(frames, (kind) => kind.startsWith('fpm:'), 256 * 1024, partial)
    expect(partial).toEqual([])
    expect(tails).toHaveLength(1)
    expect(tails[0]).toMatchObject({path: CURRENT, truncated: false, generations: [`${CURRENT}.1`], kind: 'fpm:php-fpm8.2'})
    expect(tails[0].lines).toEqual([...logLines('rotated/php8.2-fpm.log.1'), ...logLines('rotated/php8.2-fpm.log')])
    const host = facts(tails)
    expect(windowedLogs(host).fpm.filter((entry) => entry.message.startsWith('server reached')).map((entry) => entry.path)).toEqual([CURRENT, CURRENT])
    expect(run(fpmMaxChildrenReached, host).findings.map((finding) => finding.message)).toEqual([expect.stringMatching(/^pool www reached pm.max_children \(2\) 2 times in the last 1h/)])
  })

  it('a generation cut by the byte bound makes the count "at least"', () => {
    // The bound left the generation fewer bytes than it has: the probe sent its tail only.
    const bound = bytes(current) + 200
    const cut = Buffer.from(previous).subarray(bytes(previous) - 200).toString()
    const frames = [frame({path: CURRENT, size: String(bytes(current))}, current), frame({path: `${CURRENT}.1`, of: CURRENT, gen: '1', size: String(bytes(previous))}, cut)]
    const tails = logTails(frames, (kind) => kind.startsWith('fpm:'), bound, [])
    expect(tails).toHaveLength(1)
    expect(tails[0].truncated).toBe(true)
    expect(run(fpmMaxChildrenReached, facts(tails)).findings.map((finding) => finding.message)).toEqual([
      expect.stringMatching(/^pool www reached pm.max_children \(2\) at least 2 times in the last 1h/),
    ])
  })

  it('merges gz generations oldest first and says "at least" when one could not be read', () => {
    const partial: PartialFact[] = []
    const frames = [
      frame({path: `${CURRENT}.2.gz`, of: CURRENT, gen: '2', gz: '1', size: '100'}, '', 1),
      frame({path: CURRENT, size: String(bytes(current))}, current),
      frame({path: `${CURRENT}.1`, of: CURRENT, gen: '1', size: String(bytes(previous))}, previous),
    ]
    const [tail] = logTails(frames, () => true, 256 * 1024, partial)
    expect(tail).toMatchObject({path: CURRENT, truncated: true, generations: [`${CURRENT}.1`]})
    expect(partial).toEqual([{fact: `log:${CURRENT}.2.gz`, reason: 'exit 1'}])
  })

  it('parseProbeOutput merges the probe\'s generation frames (the recorded fpm-stopped host plus a rotated pair)', () => {
    const begin = (attrs: string) => `==FLEET ${FIXTURE_NONCE} BEGIN log kind=fpm:php-fpm8.2 ${attrs}==`
    const end = `==FLEET ${FIXTURE_NONCE} END log rc=0==`
    // Keep the recorded host, minus its own FPM log frame; bound 600 bytes: the generation is cut.
    const stream = fixtureText('probe/fpm-stopped.txt')
      .replace(/==FLEET \S+ BEGIN log kind=fpm:[\s\S]*?END log rc=\d+==\n/, '')
      .replace('max_log_bytes=', 'max_log_bytes=600\nignored=')
      .replace(
        `==FLEET ${FIXTURE_NONCE} BEGIN done`,
        `${begin(`path=${CURRENT} size=${bytes(current)}`)}\n${current}${end}\n${begin(`path=${CURRENT}.1 of=${CURRENT} gen=1 size=${bytes(previous)}`)}\n${Buffer.from(previous).subarray(bytes(previous) - (600 - bytes(current))).toString()}${end}\n==FLEET ${FIXTURE_NONCE} BEGIN done`,
      )
    const parsed = parseProbeOutput(stream, FIXTURE_NONCE)
    expect(parsed.logs.fpm.map((tail) => [tail.path, tail.truncated])).toEqual([[CURRENT, true]])
    const host = facts(parsed.logs.fpm)
    expect(run(fpmMaxChildrenReached, host).findings.map((finding) => finding.message)).toEqual([expect.stringMatching(/reached pm.max_children \(2\) at least 2 times/)])
  })

  it('refuses a generation whose gen= is not a number', () => {
    const partial: PartialFact[] = []
    const tails = logTails([frame({path: CURRENT}, current), frame({path: '/x', of: CURRENT, gen: '1;rm'}, 'x\n')], () => true, 1024, partial)
    expect(tails).toHaveLength(1)
    expect(tails[0].lines).not.toContain('x')
    expect(partial[0].fact).toBe('log:/x')
  })
})
