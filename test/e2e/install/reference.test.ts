/**
 * The reference stays true: the README's command reference is what `oclif readme` generates
 * from the built commands now (regenerated into a copy and compared), and `fleet help CMD`
 * prints the same as `fleet CMD --help` for every command. Needs `npm run build`.
 */
import {execFileSync} from 'node:child_process'
import {copyFileSync, mkdtempSync, readFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'
import {runFleet} from '../support/fleet-cli.js'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const OCLIF = join(ROOT, 'node_modules/oclif/bin/run.js')
const env = {...process.env, COLUMNS: '120', NODE_ENV: 'production'}

const reference = (readme: string): string => {
  const start = readme.indexOf('<!-- commands -->')
  const stop = readme.indexOf('<!-- commandsstop -->')
  return start >= 0 && stop > start ? readme.slice(start, stop) : ''
}

describe('command reference', () => {
  it("README's command reference is what oclif readme generates (run `npm run readme` when this fails)", () => {
    const copy = join(mkdtempSync(join(tmpdir(), 'fleet-readme-')), 'README.md')
    copyFileSync(join(ROOT, 'README.md'), copy)
    execFileSync(process.execPath, [OCLIF, 'readme', '--no-source-links', '--readme-path', copy], {cwd: ROOT, env, stdio: 'ignore'})
    const committed = reference(readFileSync(join(ROOT, 'README.md'), 'utf8'))
    expect(committed).toContain('## `fleet check`')
    expect(committed).toEqual(reference(readFileSync(copy, 'utf8')))
  }, 120_000)

  it.each(['check', 'hosts', 'explain', 'reload'])('fleet help %s and the command with --help say the same', async (cmd) => {
    const viaHelp = await runFleet(['help', cmd], {env: {COLUMNS: '100'}})
    const viaFlag = await runFleet([cmd, '--help'], {env: {COLUMNS: '100'}})
    expect(viaHelp.code, viaHelp.stderr).toBe(0)
    expect(viaFlag.code).toBe(0)
    expect(viaHelp.stdout).toContain(`$ fleet ${cmd}`)
    expect(viaHelp.stdout).toEqual(viaFlag.stdout)
  }, 60_000)
})
