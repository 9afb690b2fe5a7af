/**
 * Start-up (issue 10): `fleet --help`, `fleet explain` and every command's `--help` answer without
 * loading what only talking to hosts needs. Asserted on what the compiled CLI imports, never on
 * time: a loader hook records every module the ES module loader loads (our files, and the
 * packages our files import), and the test names the ones that must stay out.
 */
import {spawnSync} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {FLEET_BIN} from '../support/fleet-cli.js'

let dir: string
let hook: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fleet-startup-'))
  writeFileSync(
    join(dir, 'hooks.mjs'),
    "import {appendFileSync} from 'node:fs'\nexport async function load(url, context, next) {\n  appendFileSync(process.env.FLEET_TEST_MODULE_LOG, `${url}\\n`)\n  return next(url, context)\n}\n",
  )
  hook = join(dir, 'register.mjs')
  writeFileSync(hook, `import {register} from 'node:module'\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)})\n`)
})

afterAll(() => {
  rmSync(dir, {recursive: true, force: true})
})

/** The module URLs `fleet ARGS` loaded, relative to node_modules or the repository. */
function loaded(args: string[]): string[] {
  const log = join(dir, `${args.join('_').replace(/\W/g, '-')}.log`)
  writeFileSync(log, '')
  const result = spawnSync(process.execPath, ['--import', pathToFileURL(hook).href, FLEET_BIN, ...args], {
    env: {...process.env, NO_COLOR: '1', FLEET_TEST_MODULE_LOG: log},
    encoding: 'utf8',
    timeout: 60_000,
  })
  expect(result.status, result.stderr).toBe(0)
  const urls = readFileSync(log, 'utf8').split('\n').filter(Boolean)
  // The hook itself must have seen the CLI load: an empty list would prove nothing.
  expect(urls.some((url) => url.endsWith('/bin/run.js'))).toBe(true)
  return urls.map((url) => url.replace(/^.*\/node_modules\//, '').replace(/^file:\/\/.*?\/(dist|bin)\//, '$1/'))
}

/** What only a run against hosts needs: SSH, YAML, schemas, tables, the probe and the runner. */
const HOST_WORK = [/^ssh2\//, /^yaml\//, /^zod\//, /^cli-table3\//, /^ssh-config\//, /^p-limit\//, /^dist\/src\/(transport|probe|runner|check)\//]

describe('start-up: what the quick commands load', () => {
  it.each(['--help', '--version', 'explain', 'explain upstream/socket-missing', 'help check'])('fleet %s loads nothing for talking to hosts', (line) => {
    const modules = loaded(line.split(' '))
    expect(modules.filter((m) => HOST_WORK.some((re) => re.test(m)))).toEqual([])
  })

  it.each(['check', 'logs', 'reload', 'diff', 'hosts'])('fleet %s --help loads nothing for talking to hosts', (command) => {
    const modules = loaded([command, '--help'])
    expect(modules.filter((m) => HOST_WORK.some((re) => re.test(m)))).toEqual([])
  })

  it('fleet --help and --version do not load @oclif/core whole (its index checks its Node version with semver)', () => {
    for (const args of [['--help'], ['--version']]) expect(loaded(args)).not.toContain('@oclif/core/lib/index.js')
  })
})
