/**
 * `fleet reload --history`: the history script's real output (fixtures/history*.txt, recorded on a
 * lab host with fixtures/record.mjs), and the same output with hostile lines in it.
 */
import {readFileSync} from 'node:fs'

import {describe, expect, it} from 'vitest'

import {historyTable, parseHistory, type HistoryReport} from '../../../src/reload/history.js'
import {parseSections} from '../../../src/reload/remote.js'

const text = (name: string) => readFileSync(new URL(`fixtures/${name}.txt`, import.meta.url), 'utf8')
const HOST = {name: 'web01', address: '10.0.0.1'}
const parse = (stdout: string) => parseHistory(parseSections(stdout), HOST)

describe('--history parser on recorded output', () => {
  it('after a dry run and a reload: both points, newest first, the reloaded one current and running', () => {
    const h = parse(text('history'))
    expect(h.points).toEqual([
      {hash: '37df20abac3ae939', recordedAt: '2026-12-04T20:51:48.000Z', current: true},
      {hash: '713a52cec97a7d29', recordedAt: '2026-12-04T20:51:44.000Z', current: false},
    ])
    expect(h.current).toEqual({hash: '37df20abac3ae939', generation: '35:588225'})
    expect(h.runningGeneration).toBe('35:588225')
    expect([h.currentIsRunning, h.dropped, h.error]).toEqual([true, 0, null])
  })
  it('after a reload by hand: the current point is no longer what runs', () => {
    const h = parse(text('history-reloaded-since'))
    expect(h.current!.hash).toBe('37df20abac3ae939')
    expect(h.runningGeneration).toBe('35:589247')
    expect(h.currentIsRunning).toBe(false)
    expect(historyTable({version: 1, hosts: [h]})).toContain('yes (reloaded since)')
  })
  it('a host fleet never recorded anything on', () => {
    const h = parse(text('history-none'))
    expect([h.points, h.current, h.dropped, h.error]).toEqual([[], null, 0, null])
    expect(historyTable({version: 1, hosts: [h]})).toMatch(/web01 +│ none recorded/)
  })
  it('a script that did not finish is an error, not an empty history', () => {
    const h = parse(text('history').replace('@@done yes\n', ''))
    expect(h.error).toBe('the history script did not finish')
  })
})

describe('--history parser on hostile output', () => {
  it('drops points that are not 16 hex digits, times that are not digits, generations that are not PID:TICK', () => {
    const hostile = text('history')
      .replace('@@end points', ["../../etc\t1796417508", '0123456789abcdef\t$(reboot)', "deadbeefdeadbeef0\t1", '\u001b]0;x\u0007\t1', '', '@@end points'].join('\n'))
      .replace('@@generation 35:588225', '@@generation 35:58;rm -rf /')
    const h = parse(hostile)
    expect(h.points.map((p) => p.hash)).toEqual(['37df20abac3ae939', '713a52cec97a7d29', '0123456789abcdef'])
    expect(h.points[2].recordedAt).toBeNull()
    expect(h.runningGeneration).toBeNull()
    expect(h.currentIsRunning).toBe(false)
    expect(h.dropped).toBe(3)
  })
  it('a forged current line is ignored, and the table carries no control byte', () => {
    const h = parse(text('history').replace('@@current 37df20abac3ae939 35:588225', '@@current 37df20abac3ae939 35:588225 \u001b[2J'))
    expect(h.current).toBeNull()
    expect(h.points.every((p) => !p.current)).toBe(true)
    const report: HistoryReport = {version: 1, hosts: [{...h, host: 'evil\u001b[31m', error: null}]}
    expect(historyTable(report)).not.toContain('\u001b[31m')
  })
})
