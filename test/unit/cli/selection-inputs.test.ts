/** Issue 14: what the command line says is validated before any host is contacted. */
import {chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {afterAll, describe, expect, it} from 'vitest'

import {parseDurationSeconds} from '../../../src/cli/duration.js'
import {emittableIds} from '../../../src/cli/explain.js'
import {checkIdentityFiles, checkKnownHostsFiles, checkOutputPath} from '../../../src/cli/inputs.js'
import {checkSelectionFlags, selectedLine} from '../../../src/cli/selection.js'
import {usageExit, wantsNagios} from '../../../src/cli/usage-exit.js'

const dir = mkdtempSync(path.join(tmpdir(), 'fleet-inputs-'))
afterAll(() => rmSync(dir, {recursive: true, force: true}))
const base = {inventory: 'inv.yml', local: false}

describe('selection flags', () => {
  it('refuses a run that selects nothing, naming --all', () => {
    expect(() => checkSelectionFlags(base)).toThrow(/--all/)
    expect(() => checkSelectionFlags({...base, group: []})).toThrow(/no hosts selected/)
  })

  it('accepts --all, --group, --limit, --host and --local alone', () => {
    for (const flags of [{all: true}, {group: ['web']}, {limit: 'web*'}, {host: ['web01']}, {local: true}]) {
      expect(() => checkSelectionFlags({...base, ...flags})).not.toThrow()
    }
  })

  it('refuses --all with a narrower selection, and --local with anything', () => {
    expect(() => checkSelectionFlags({...base, all: true, group: ['web']})).toThrow(/--all/)
    expect(() => checkSelectionFlags({...base, local: true, all: true})).toThrow(/--local/)
  })

  it('says how many hosts and which selection, with host data sanitised', () => {
    expect(selectedLine({...base, group: ['web', 'db'], limit: '!web03'}, 3)).toBe('3 hosts selected (--group web --group db --limit !web03) from inv.yml')
    expect(selectedLine({...base, all: true}, 1)).toBe('1 host selected (--all) from inv.yml')
    expect(selectedLine({...base, host: ['a\u001b[2Jb']}, 1)).not.toContain('\u001b')
  })
})

describe('durations with units', () => {
  const bounds = {min: 1, max: 86_400}
  it.each([
    ['10', 10],
    ['5s', 5],
    ['2m', 120],
    ['1h', 3600],
    [' 1d ', 86_400],
  ])('%j -> %i s', (value, seconds) => {
    expect(parseDurationSeconds(value, 'timeout', bounds)).toBe(seconds)
  })

  it.each(['5x', '', '1.5s', '-1', 'yesterday', '2d'])('refuses %j as a usage error naming the flag', (value) => {
    expect(() => parseDurationSeconds(value, 'timeout', bounds)).toThrow(expect.objectContaining({exitCode: 64, message: expect.stringMatching(/--timeout/)}))
  })
})

describe('usage exit codes', () => {
  it('are 64/65, or 3 (UNKNOWN) under --format nagios', () => {
    expect(usageExit(['check', '--all'], 64)).toBe(64)
    expect(usageExit(['check', '--format', 'nagios'], 64)).toBe(3)
    expect(usageExit(['check', '-f', 'nagios'], 65)).toBe(3)
    expect(usageExit(['check', '--format=nagios'], 64)).toBe(3)
    expect(wantsNagios(['check', '--', '--format', 'nagios'])).toBe(false)
    expect(wantsNagios(['check', '--format', 'json'])).toBe(false)
  })
})

describe('files named on the command line', () => {
  const existing = path.join(dir, 'known_hosts')
  writeFileSync(existing, '')

  it('-o: refuses a missing or unwritable directory, or a directory as the file', async () => {
    await expect(checkOutputPath('/nonexistent/dir/out.txt')).rejects.toThrow(/does not exist/)
    await expect(checkOutputPath(dir)).rejects.toThrow(/is a directory/)
    await expect(checkOutputPath(path.join(existing, 'out.txt'))).rejects.toThrow(/not a directory/)
    await expect(checkOutputPath(path.join(dir, 'out.txt'))).resolves.toBeUndefined()
  })

  it('--known-hosts: a missing file is refused, unless --accept-new will create it', async () => {
    const missing = path.join(dir, 'new_known_hosts')
    await expect(checkKnownHostsFiles([missing], false)).rejects.toThrow(/no such file.*--accept-new/)
    await expect(checkKnownHostsFiles([missing], true)).resolves.toBeUndefined()
    await expect(checkKnownHostsFiles([existing, missing], true)).rejects.toThrow(/no such file/)
    await expect(checkKnownHostsFiles([path.join(dir, 'no', 'kh')], true)).rejects.toThrow(/cannot be created/)
    await expect(checkKnownHostsFiles([existing], false)).resolves.toBeUndefined()
  })

  it('--identity: a missing key or a directory is refused', async () => {
    const sub = path.join(dir, 'keys')
    mkdirSync(sub)
    const key = path.join(sub, 'id')
    writeFileSync(key, 'key')
    chmodSync(key, 0o600)
    await expect(checkIdentityFiles([path.join(sub, 'id_typo')])).rejects.toThrow(/--identity .*no such file/)
    await expect(checkIdentityFiles([sub])).rejects.toThrow(/not a regular file/)
    await expect(checkIdentityFiles([key])).resolves.toBeUndefined()
  })
})

describe('fleet explain', () => {
  it('knows every ID fleet can emit, fleet/waiver-expired included', () => {
    expect(emittableIds).toContain('fleet/waiver-expired')
    expect(emittableIds).toContain('host/unreachable')
  })
})
