import {mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {diffReports} from '../../../src/history/diff.js'
import {selectionKey} from '../../../src/history/paths.js'
import {lastCheckedAt, loadLastRun, saveRun} from '../../../src/history/store.js'
import {recompute} from '../../../src/report/status.js'
import {labFleet} from '../../fixtures/report/fleet.js'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, {recursive: true, force: true})
})
function stateDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'fleet-state-'))
  dirs.push(d)
  return d
}

describe('run history store', () => {
  const key = selectionKey('inventory.yml', 'all')

  it('returns null before the first run, then the saved run', async () => {
    const dir = stateDir()
    expect(await loadLastRun(key, {stateDir: dir})).toBeNull()
    await saveRun(labFleet(), {stateDir: dir, key, at: new Date('2024-05-14T10:05:00Z'), inventory: 'inventory.yml', selection: 'all'})
    const run = await loadLastRun(key, {stateDir: dir})
    expect(run?.report.summary).toEqual(labFleet().summary)
    expect(run?.selection).toBe('all')
    expect(readdirSync(path.join(dir, 'runs'))).toEqual([`${key}.json`])
    expect(statSync(path.join(dir, 'runs')).mode & 0o777).toBe(0o700)
  })

  it('keeps per-host last-checked times; unreachable runs do not move them', async () => {
    const dir = stateDir()
    await saveRun(labFleet(), {stateDir: dir, key, at: new Date('2024-05-14T10:00:00Z')})
    const second = labFleet()
    const web01 = second.hosts[0]
    second.hosts[0] = {...web01, error: {kind: 'timeout', message: 'timed out after 10s'}, findings: []}
    await saveRun(recompute(second), {stateDir: dir, key, at: new Date('2024-05-14T11:00:00Z')})
    const run = await loadLastRun(key, {stateDir: dir})
    expect(lastCheckedAt(run, 'web01')?.toISOString()).toBe('2024-05-14T10:00:00.000Z')
    expect(lastCheckedAt(run, 'web02')?.toISOString()).toBe('2024-05-14T11:00:00.000Z')
    // db1 has never been reachable.
    expect(lastCheckedAt(run, 'db1')).toBeNull()
  })

  it('stores the current state only, not diff markers', async () => {
    const dir = stateDir()
    const prev = labFleet()
    const cur = labFleet()
    cur.hosts[3].findings = []
    const diffed = diffReports(prev, recompute(cur))
    expect(diffed.hosts[3].findings.every((f) => f.change === 'removed')).toBe(true)
    await saveRun(diffed, {stateDir: dir, key})
    const run = await loadLastRun(key, {stateDir: dir})
    expect(run?.report.hosts[3].findings).toEqual([])
    expect(run?.report.hosts.flatMap((h) => h.findings).some((f) => 'change' in f)).toBe(false)
    expect(run?.report.hosts.some((h) => 'previousStatus' in h)).toBe(false)
  })

  it('names the state file when it is corrupt', async () => {
    const dir = stateDir()
    mkdirSync(path.join(dir, 'runs'))
    const file = path.join(dir, 'runs', `${key}.json`)
    writeFileSync(file, '{"version": 1, "report": ')
    await expect(loadLastRun(key, {stateDir: dir})).rejects.toThrow(`run history ${file} is not valid JSON`)
    writeFileSync(file, '{"version": 7}')
    await expect(loadLastRun(key, {stateDir: dir})).rejects.toThrow(/unknown layout \(version 7\)/)
  })
})
