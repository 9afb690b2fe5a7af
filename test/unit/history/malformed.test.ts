/**
 * Issue 8 item 10: a malformed history file gave a raw TypeError (or a NaN log window that
 * left a host unreachable for good). It is refused naming the file and the field, exit 65,
 * and never overwritten.
 */
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {selectionKey} from '../../../src/history/paths.js'
import {HistoryError, lastCheckedAt, loadLastRun, saveRun} from '../../../src/history/index.js'
import {labFleet} from '../../fixtures/report/fleet.js'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, {recursive: true, force: true})
})
const key = selectionKey('inventory.yml', 'all')

function withHistory(content: unknown): {dir: string; file: string} {
  const dir = mkdtempSync(path.join(tmpdir(), 'fleet-hist-'))
  dirs.push(dir)
  mkdirSync(path.join(dir, 'runs'))
  const file = path.join(dir, 'runs', `${key}.json`)
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content))
  return {dir, file}
}

const good = () => ({version: 1, key, savedAt: '2026-01-01T00:00:00.000Z', lastChecked: {web01: '2026-01-01T00:00:00.000Z'}, report: labFleet()})

describe('a malformed history file', () => {
  it.each([
    ['lastChecked: null', {lastChecked: null}, 'lastChecked: expected a mapping'],
    ['report.hosts: "x"', {report: {...labFleet(), hosts: 'x'}}, 'report.hosts: expected a list of hosts'],
    ['a host without a name', {report: {...labFleet(), hosts: [{...labFleet().hosts[0], host: 3}]}}, 'report.hosts[0].host: expected a string'],
    ['a finding without findings list', {report: {...labFleet(), hosts: [{...labFleet().hosts[0], findings: null}]}}, 'report.hosts[0].findings'],
    ['a date that is not a date', {lastChecked: {web01: 'yesterday'}}, 'lastChecked["web01"]: expected an ISO 8601 date-time, got "yesterday"'],
    ['a date that does not exist', {lastChecked: {web01: '2026-13-45T99:00:00Z'}}, 'lastChecked["web01"]'],
    ['savedAt', {savedAt: 12}, 'savedAt: expected an ISO 8601 date-time'],
  ])('%s: refused naming the file and field, exit 65, and not overwritten by the next save', async (_name, patch, says) => {
    const content = JSON.stringify({...good(), ...patch})
    const {dir, file} = withHistory(content)
    const error = await loadLastRun(key, {stateDir: dir}).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(HistoryError)
    expect((error as HistoryError).message).toContain(`run history ${file}: ${says}`)
    expect((error as HistoryError).exitCode).toBe(65)
    await expect(saveRun(labFleet(), {stateDir: dir, key})).rejects.toThrow(HistoryError)
    expect(readFileSync(file, 'utf8')).toBe(content)
  })

  it('a well-formed file still loads, and its dates are real dates', async () => {
    const {dir} = withHistory(good())
    const run = await loadLastRun(key, {stateDir: dir})
    expect(lastCheckedAt(run, 'web01')?.toISOString()).toBe('2026-01-01T00:00:00.000Z')
  })
})

describe('host names that are Object.prototype names', () => {
  it('"__proto__", "constructor", "toString" keep their own last-checked time, and unknown ones have none', async () => {
    const {dir} = withHistory(good())
    const fleet = labFleet()
    fleet.hosts = ['__proto__', 'constructor', 'toString'].map((host) => ({...fleet.hosts[0], host}))
    await saveRun(fleet, {stateDir: dir, key, at: new Date('2026-02-01T00:00:00.000Z')})
    const run = await loadLastRun(key, {stateDir: dir})
    for (const host of ['__proto__', 'constructor', 'toString', 'web01']) expect(lastCheckedAt(run, host), host).not.toBeNull()
    expect(lastCheckedAt(run, '__proto__')?.toISOString()).toBe('2026-02-01T00:00:00.000Z')
    expect(lastCheckedAt(run, 'constructor')?.toISOString()).toBe('2026-02-01T00:00:00.000Z')
    // Never checked: no time (not Object.prototype.hasOwnProperty, not a NaN date).
    const fresh = withHistory(good())
    const before = await loadLastRun(key, {stateDir: fresh.dir})
    for (const host of ['constructor', 'toString', 'hasOwnProperty', '__proto__']) expect(lastCheckedAt(before, host), host).toBeNull()
  })
})
