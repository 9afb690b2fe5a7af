/**
 * The controller holds a host to the probe's own caps: each frame at its cap
 * (cut and marked, surfacing as host/partial), the whole stream at what the probe
 * could produce for the frames it announced (ProbeStreamBudget).
 */
import {readFileSync} from 'node:fs'

import {describe, expect, it} from 'vitest'

import {CMD_CAP, DUMP_CAP, ERR_CAP, frameCap} from '../../../src/probe/frame-caps.js'
import {splitFrames} from '../../../src/probe/frames.js'
import {PROBE_STDERR_CAP, ProbeStreamBudget} from '../../../src/probe/stream-budget.js'
import {parseProbeOutput} from '../../../src/probe/parse.js'
import {FIXTURE_NONCE, fixture} from './fixtures.js'

const N = 'abc123'
const frame = (name: string, body: string, rc = 0, attrs = ''): string =>
  `==FLEET ${N} BEGIN ${name}${attrs ? ` ${attrs}` : ''}==\n${body}\n==FLEET ${N} END ${name} rc=${rc}==\n`
const MAXLOG = 4096

describe('per-frame caps', () => {
  it('match every frame probe.sh sends (a new frame or cap there must be added to frame-caps.ts)', () => {
    const script = readFileSync(new URL('../../../src/probe/probe.sh', import.meta.url), 'utf8')
    const vars: Record<string, number> = {MAXLOG: MAXLOG}
    for (const m of script.matchAll(/^\s*(ERRCAP|CMDCAP|DUMPCAP)=(\d+)/gm)) vars[m[1]] = Number(m[2])
    const value = (spec: string): number => (/^\d+$/.test(spec) ? Number(spec) : vars[spec])
    const runs = [...script.matchAll(/\brun ([\w-]+) head:"?\$?(\w+)"? "\$(\w+)"/g)]
    expect(runs.length).toBeGreaterThan(20)
    for (const [line, name, body, stderr] of runs) {
      expect(frameCap(name, MAXLOG), line).toBe(value(body))
      expect(frameCap(`${name}.stderr`, MAXLOG), line).toBe(value(stderr))
    }
    for (const [, name] of script.matchAll(/\bbegin ([a-z][\w-]*) /g)) expect(frameCap(name, MAXLOG), name).toBeLessThanOrEqual(4096)
  })

  it('know every frame evidence.sh sends (its logs at the log bound, the rest at a named cap)', () => {
    const script = readFileSync(new URL('../../../src/probe/evidence.sh', import.meta.url), 'utf8')
    // EV_MAX is MAXLOG; rt_left is what is left of MAXLOG for a rotated generation.
    const value = (spec: string): number => (/^\d+$/.test(spec) ? Number(spec) : ['EV_MAX', 'rt_left'].includes(spec) ? MAXLOG : NaN)
    const runs = [...script.matchAll(/\brun ([\w-]+) head:"?\$?(\w+)"? (\d+)/g)]
    expect(runs.map(([, name]) => name).sort()).toEqual(['app-log', 'journal-log', 'journal-log', 'log', 'unit-journal'])
    for (const [line, name, body, stderr] of runs) {
      expect(frameCap(name, MAXLOG), line).toBe(value(body))
      expect(frameCap(`${name}.stderr`, MAXLOG), line).toBeGreaterThanOrEqual(Number(stderr))
    }
    // Frames written with begin/end: a cap of their own, never a log's.
    for (const name of ['disk-paths', 'df', 'df-inodes', 'php-ini']) expect(frameCap(name, 1), name).toBe(CMD_CAP)
  })

  it('knows the probe.sh caps by frame name', () => {
    expect(frameCap('nginx-T', MAXLOG)).toBe(DUMP_CAP)
    expect(frameCap('nginx-T.stderr', MAXLOG)).toBe(ERR_CAP)
    expect(frameCap('fpm-tt', MAXLOG)).toBe(CMD_CAP)
    expect(frameCap('fpm-tt.stderr', MAXLOG)).toBe(DUMP_CAP)
    expect(frameCap('log', MAXLOG)).toBe(MAXLOG)
    expect(frameCap('kernel', MAXLOG)).toBe(MAXLOG)
    expect(frameCap('system', MAXLOG)).toBe(4096)
  })

  it('cuts a frame over its cap there and marks it; frames within their cap are untouched', () => {
    const big = 'server { listen 80; }\n'.repeat(Math.ceil((DUMP_CAP + 1000) / 22))
    const text = frame('system', 'now=1') + frame('nginx-T', big) + frame('log', 'x'.repeat(MAXLOG), 0, 'kind=nginx-error path=/l') + frame('done', '')
    const frames = splitFrames(text, N, {maxLogBytes: MAXLOG})
    const dump = frames.find((f) => f.name === 'nginx-T')!
    expect(dump.body.length).toBe(DUMP_CAP)
    expect(dump.overCap).toEqual({stream: 'stdout', cap: DUMP_CAP, received: big.length})
    const log = frames.find((f) => f.name === 'log')!
    expect(log.body.length).toBe(MAXLOG)
    expect(log.overCap).toBeUndefined()
    expect(frames.filter((f) => f.overCap).map((f) => f.name)).toEqual(['nginx-T'])
  })

  it('marks a stderr frame over ERRCAP on the frame it belongs to', () => {
    const [f] = splitFrames(frame('ps', 'ok') + frame('ps.stderr', 'e'.repeat(ERR_CAP + 1)), N, {maxLogBytes: MAXLOG})
    expect(f.stderr.length).toBe(ERR_CAP)
    expect(f.overCap).toMatchObject({stream: 'stderr', cap: ERR_CAP})
  })

  it('does not count a log of invalid UTF-8 (decoded to U+FFFD) as over its byte cap', () => {
    const bytes = Buffer.alloc(MAXLOG, 0xe9) // latin1 é, invalid as UTF-8
    const text = Buffer.concat([Buffer.from(`==FLEET ${N} BEGIN log kind=nginx-access path=/a==\n`), bytes, Buffer.from(`\n==FLEET ${N} END log rc=0==\n`)]).toString('utf8')
    const [f] = splitFrames(text, N, {maxLogBytes: MAXLOG})
    expect(Buffer.byteLength(f.body)).toBeGreaterThan(MAXLOG)
    expect(f.overCap).toBeUndefined()
  })

  it('surfaces a cut frame as host/partial with the sizes, and still parses the rest', () => {
    const healthy = fixture('healthy.txt')
    const begin = `==FLEET ${FIXTURE_NONCE} BEGIN ps==\n`
    const at = healthy.indexOf(begin) + begin.length
    const flood = healthy.slice(0, at) + 'x'.repeat(CMD_CAP + 10) + '\n' + healthy.slice(at)
    const facts = parseProbeOutput(flood, FIXTURE_NONCE, {maxLogBytes: 262144})
    const cut = facts.partial.filter((p) => p.fact.startsWith('probe-output:'))
    expect(cut.map((p) => p.fact)).toEqual(['probe-output:ps'])
    expect(cut[0].reason).toContain('256 KiB')
    expect(facts.nginx.config).not.toBeNull()
    expect(parseProbeOutput(healthy, FIXTURE_NONCE, {maxLogBytes: 262144}).partial.some((p) => p.fact.startsWith('probe-output:'))).toBe(false)
  })
})

/** Feeds `text` in chunks of the given sizes (cycled); returns whether every chunk was accepted. */
function feed(budget: ProbeStreamBudget, data: Buffer, sizes: number[]): boolean {
  let i = 0
  for (let pos = 0; pos < data.length; i++) {
    const end = Math.min(data.length, pos + sizes[i % sizes.length])
    if (!budget.accept(data.subarray(pos, end))) return false
    pos = end
  }
  return true
}

describe('ProbeStreamBudget', () => {
  it('accepts a real probe output, whatever the chunking', () => {
    const data = Buffer.from(fixture('healthy.txt'))
    for (const sizes of [[1], [7, 3, 64], [65536]]) expect(feed(new ProbeStreamBudget(FIXTURE_NONCE, 262144), data, sizes)).toBe(true)
  })

  it('stops a host streaming one endless frame, soon after the allowance, keeping nothing past it', () => {
    const budget = new ProbeStreamBudget(N, 262144)
    expect(budget.accept(Buffer.from(frame('system', 'now=1') + `==FLEET ${N} BEGIN nginx-T==\n`))).toBe(true)
    const chunk = Buffer.alloc(64 * 1024, 'a')
    let sent = 0
    while (budget.accept(chunk)) {
      sent += chunk.length
      expect(sent).toBeLessThan(200 * 1024 * 1024)
    }
    expect(budget.exceeded).toBe(true)
    expect(budget.received).toBeGreaterThan(budget.allowed)
    expect(budget.allowed).toBeLessThan(64 * 1024 * 1024)
    expect(budget.message()).toMatch(/more than .* MiB of probe output/)
    expect(budget.accept(Buffer.from('x'))).toBe(false)
  })

  it('grows the allowance with each log frame announced (logs are many), markers split across chunks included', () => {
    const maxLog = 256 * 1024
    const logs = Array.from({length: 150}, (_, i) => frame('log', 'l'.repeat(maxLog), 0, `kind=nginx-access path=/var/log/site${i}.log`)).join('')
    const data = Buffer.from(frame('system', 'now=1') + logs + frame('done', ''))
    expect(data.length).toBeGreaterThan(new ProbeStreamBudget(N, maxLog).allowed)
    expect(feed(new ProbeStreamBudget(N, maxLog), data, [13, 65536, 5])).toBe(true)
  })

  it('counts the same BEGIN lines however the output is cut into chunks (markers found by search, not line by line)', () => {
    const maxLog = 256 * 1024
    // Log frames with short bodies, some lines that only look like markers, a marker as the very first line.
    const body = (i: number) => `line ${i}\nx==FLEET ${N} BEGIN log kind=a path=/fake==\n==FLEET ${N} BEGI\n`
    const logs = Array.from({length: 40}, (_, i) => frame('log', body(i), 0, `kind=nginx-access path=/var/log/site${i}.log`)).join('')
    const data = Buffer.from(frame('log', 'first\n', 0, 'kind=nginx-error path=/e') + frame('system', 'now=1') + logs + frame('done', ''))
    const whole = new ProbeStreamBudget(N, maxLog)
    expect(whole.accept(data)).toBe(true)
    // 41 log frames opened: each grants its cap, so the allowance is well above the once-only one.
    expect(whole.allowed).toBeGreaterThan(new ProbeStreamBudget(N, maxLog).allowed + 40 * maxLog)
    for (const sizes of [[1], [2], [3, 5], [7, 1, 64], [N.length + 9], [N.length + 17, 1], [4096]]) {
      const cut = new ProbeStreamBudget(N, maxLog)
      feed(cut, data, sizes)
      expect({sizes, allowed: cut.allowed}).toEqual({sizes, allowed: whole.allowed})
    }
  })

  it('stops a host flooding the probe\'s own stderr', () => {
    const budget = new ProbeStreamBudget(N, 262144)
    expect(budget.accept(Buffer.from('sudo: unable to resolve host web01\n'), 'stderr')).toBe(true)
    const chunk = Buffer.alloc(64 * 1024, 'e')
    let chunks = 0
    while (budget.accept(chunk, 'stderr')) expect(++chunks).toBeLessThan(1000)
    expect(budget.stderrReceived).toBeGreaterThan(PROBE_STDERR_CAP)
    expect(budget.message()).toMatch(/stderr/)
  })

  it('does not count markers of another nonce, or not at the start of a line', () => {
    const maxLog = 256 * 1024
    const fake = Array.from({length: 150}, () => `x==FLEET ${N} BEGIN log kind=a path=/b==\n==FLEET other BEGIN log kind=a path=/b==\n`).join('')
    const data = Buffer.from(frame('log', fake + 'l'.repeat(60 * 1024 * 1024), 0, 'kind=nginx-access path=/a'))
    expect(feed(new ProbeStreamBudget(N, maxLog), data, [65536])).toBe(false)
  })
})
