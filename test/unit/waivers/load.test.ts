import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'
import {isIsoDate, loadWaivers, parseWaivers, WaiverFileError} from '../../../src/waivers/load.js'

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/report/waivers')

async function problemsOf(file: string): Promise<string[]> {
  try {
    await loadWaivers(file)
  } catch (error) {
    expect(error).toBeInstanceOf(WaiverFileError)
    return (error as WaiverFileError).problems
  }
  throw new Error('expected loadWaivers to fail')
}

describe('loadWaivers', () => {
  it('loads a valid file with the source line of each entry', async () => {
    const file = path.join(fixtures, 'valid.yml')
    const waivers = await loadWaivers(file)
    expect(waivers).toEqual([
      {check: 'fpm/max-children-reached', hosts: ['web*:!web07'], justification: 'traffic peak from the nightly import, capacity ticket OPS-1234', expires: '2099-12-31', source: `${file}:2`},
      {check: 'upstream/socket-mismatch', hosts: ['web08'], justification: 'migration to per-site pools in progress', expires: '2024-01-31', source: `${file}:7`},
      {check: 'fpm/*', hosts: ['web[04-05]'], justification: 'maintenance window', expires: '2099-06-30', source: `${file}:12`},
    ])
  })

  it('reports every problem with file:line:column', async () => {
    const file = path.join(fixtures, 'invalid.yml')
    expect(await problemsOf(file)).toEqual([
      `${file}:1:3: waiver is missing "justification"`,
      `${file}:8:3: unknown key "owner" (expected check, hosts, justification, expires)`,
      `${file}:4:10: check must be a check id like "fpm/service-down" (got "Not A Check")`,
      `${file}:5:10: bad host pattern "web0[5-1]": "web0[5-1]": range [5-1] is empty (the end is before the start)`,
      `${file}:6:18: justification must say why the risk is accepted`,
      `${file}:7:12: expires must be a date YYYY-MM-DD (got "2025-02-30")`,
      `${file}:9:3: each waiver must be a mapping with check, hosts, justification, expires`,
    ])
  })

  it('reports YAML syntax errors and a wrong top level with positions', () => {
    expect(() => parseWaivers('- check: a/b\n  hosts: [web\n', 'w.yml')).toThrow(/^w\.yml:\d+:\d+: /)
    expect(() => parseWaivers('check: a/b\n', 'w.yml')).toThrow('w.yml:1:1: expected a list of waivers')
    expect(() => parseWaivers('- check: a/b\n  check: c/d\n', 'w.yml')).toThrow(/^w\.yml:2:3: /)
    expect(parseWaivers('', 'w.yml')).toEqual([])
    expect(parseWaivers('# nothing yet\n', 'w.yml')).toEqual([])
  })

  it('names the file it cannot read', async () => {
    await expect(loadWaivers(path.join(fixtures, 'absent.yml'))).rejects.toThrow(/absent\.yml: cannot read waivers file/)
  })

  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2024-13-01', false],
    ['2024-1-5', false],
  ])('isIsoDate(%s) = %s', (value, ok) => {
    expect(isIsoDate(value)).toBe(ok)
  })
})
