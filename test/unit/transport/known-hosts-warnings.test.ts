/**
 * Issue 8 item 13: lines OpenSSH skips are not skipped silently. One warning per file per
 * run, naming FILE:LINE, sanitised; a malformed @revoked line gets its own loud warning.
 */
import {execFileSync} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {HostKeyChecker} from '../../../src/transport/host-key-check.js'

let dir: string
let key: {type: string; b64: string; blob: Buffer}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fleet-khw-'))
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'k')])
  const [type, b64] = readFileSync(join(dir, 'k.pub'), 'utf8').split(' ')
  key = {type, b64, blob: Buffer.from(b64, 'base64')}
})
afterAll(() => rmSync(dir, {recursive: true, force: true}))

describe('known_hosts problems are warned about', () => {
  it('once per file per run, with FILE:LINE, a loud one for a malformed @revoked line, control characters escaped', async () => {
    const file = join(dir, 'kh')
    writeFileSync(
      file,
      [
        `good ${key.type} ${key.b64}`,
        'broken ssh-ed25519',
        `@revoked web01 ${key.type} not-base64!`,
        `@revokd web02 ${key.type} ${key.b64}`,
        `|2|evil\u001b[31m ${key.type} ${key.b64}`,
        '',
      ].join('\n'),
    )
    const other = join(dir, 'kh2')
    writeFileSync(other, `|1|short|x ${key.type} ${key.b64}\n`)
    const warnings: string[] = []
    const checker = new HostKeyChecker([file, other], true, (m) => warnings.push(m))
    expect(await checker.check('good', 22, key.blob, 'good')).toBeUndefined()
    // accept-new re-reads the files under its lock: no second round of warnings.
    expect(await checker.check('new01', 22, key.blob, 'new01')).toBeUndefined()
    // ...only OpenSSH's "Permanently added" for the key it recorded.
    expect(warnings).toHaveLength(5)
    const [revoked, typo, plain, second, added] = warnings
    expect(added).toMatch(new RegExp(`^Permanently added 'new01' \\(${key.type} SHA256:\\S+\\) to the list of known hosts \\(${file}\\)\\.$`))
    expect(revoked).toMatch(new RegExp(`^${file}:3: malformed @revoked line IGNORED .*NOT revoked`))
    expect(typo).toMatch(new RegExp(`^${file}:4: malformed @revoked line IGNORED \\(unknown marker "@revokd"\\)`))
    expect(plain).toContain(`known_hosts ${file}: 2 malformed lines ignored: ${file}:2 (`)
    expect(plain).toContain(`${file}:5 (`)
    expect(second).toContain(`${other}:1 (`)
    for (const w of warnings) expect(w).not.toMatch(/[\u0000-\u001f]/)
  })

  it('says nothing about a clean file', async () => {
    const file = join(dir, 'clean')
    writeFileSync(file, `# comment\n\ngood ${key.type} ${key.b64}\n@cert-authority *.lan ${key.type} ${key.b64}\n`)
    const warnings: string[] = []
    await new HostKeyChecker([file], false, (m) => warnings.push(m)).check('good', 22, key.blob, 'good')
    expect(warnings).toEqual([])
  })
})
