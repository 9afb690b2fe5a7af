/** Issue 14 item 8: runs by hand must not eat the cron job's news. */
import {mkdirSync, mkdtempSync, readdirSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {afterAll, describe, expect, it} from 'vitest'

import {runFile, selectionKey, selectionLabel} from '../../../src/history/paths.js'
import {historyWanted} from '../../../src/history/policy.js'
import {loadLastRun, saveRun} from '../../../src/history/store.js'
import {labFleet} from '../../fixtures/report/fleet.js'

const plain = {record: false, noHistory: false, sinceLast: false, diff: false, onlyChanges: false, interactive: true}

describe('historyWanted', () => {
  it('a plain run at a terminal neither reads nor writes history', () => {
    expect(historyWanted(plain)).toBe(false)
  })

  it('runs that ask for it, and runs off a terminal, do', () => {
    for (const ask of [{record: true}, {sinceLast: true}, {diff: true}, {onlyChanges: true}, {interactive: false}]) {
      expect(historyWanted({...plain, ...ask})).toBe(true)
    }
  })

  it('--no-history wins', () => {
    expect(historyWanted({...plain, interactive: false, noHistory: true})).toBe(false)
  })
})

describe('history files named after their selection', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'fleet-state-'))
  afterAll(() => rmSync(dir, {recursive: true, force: true}))

  it('labels say the inventory and the selection, in a safe file name', () => {
    expect(selectionLabel('/etc/fleet/prod.yml', ['group=web'])).toBe('prod.yml_group=web')
    expect(selectionLabel('inv.yml', ['limit=web*:!web03', 'group=db'])).toBe('inv.yml_group=db_limit=web-web03')
    expect(selectionLabel('../../x', ['host=../../etc/passwd'])).not.toMatch(/\//)
    expect(() => runFile(dir, 'abcdef0123456789', '../x')).toThrow(/invalid history label/)
  })

  it('saves under LABEL.KEY.json, reads an older KEY.json, and replaces it', async () => {
    const key = selectionKey('inv.yml', ['group=web'])
    const label = selectionLabel('inv.yml', ['group=web'])
    mkdirSync(path.join(dir, 'runs'), {recursive: true})
    await saveRun(labFleet(), {stateDir: dir, key, at: new Date('2026-01-01T00:00:00Z')})
    expect((await loadLastRun(key, {stateDir: dir, label}))?.savedAt).toBe('2026-01-01T00:00:00.000Z')
    await saveRun(labFleet(), {stateDir: dir, key, label, at: new Date('2026-01-02T00:00:00Z')})
    expect(readdirSync(path.join(dir, 'runs'))).toEqual([`inv.yml_group=web.${key}.json`])
    expect((await loadLastRun(key, {stateDir: dir, label}))?.savedAt).toBe('2026-01-02T00:00:00.000Z')
  })
})
