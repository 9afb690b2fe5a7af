/**
 * Issue 8 item 2: accept-new records a key as one check-and-record step per known_hosts
 * file (in-process queue + FILE.lock, re-read under the lock), writes only canonical
 * entries, and treats a second, different key for a name as a changed key.
 */
import {execFileSync} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {HostKeyChecker} from '../../../src/transport/host-key-check.js'
import {appendKnownHost, withKnownHostsLock} from '../../../src/transport/known-hosts.js'

let dir: string
const blobs: Record<string, Buffer> = {}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fleet-accept-'))
  for (const name of ['a', 'b']) {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, name)])
    blobs[name] = Buffer.from(readFileSync(join(dir, `${name}.pub`), 'utf8').split(' ')[1], 'base64')
  }
})
afterAll(() => rmSync(dir, {recursive: true, force: true}))

const entries = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean)

describe('accept-new check-and-record', () => {
  it('two concurrent accepts of one address with different keys: one recorded, the other is a changed key', async () => {
    const file = join(dir, 'kh-race')
    const one = new HostKeyChecker([file], true)
    const two = new HostKeyChecker([file], true)
    // Both have read the (empty) file before either records, as two connections of one run, or two runs, do.
    await Promise.all([one.preferredAlgorithms('10.0.0.9', 22), two.preferredAlgorithms('10.0.0.9', 22)])
    const [first, second] = await Promise.all([one.check('10.0.0.9', 22, blobs.a, 'web09'), two.check('10.0.0.9', 22, blobs.b, 'web09')])
    expect(first).toBeUndefined()
    expect(second?.kind).toBe('host-key-changed')
    expect(entries(file)).toEqual([`10.0.0.9 ssh-ed25519 ${blobs.a.toString('base64')}`])
    expect(existsSync(`${file}.lock`)).toBe(false)
  })

  it('two concurrent accepts of the same key record it once', async () => {
    const file = join(dir, 'kh-same')
    const checkers = [0, 1, 2].map(() => new HostKeyChecker([file], true))
    await Promise.all(checkers.map((c) => c.preferredAlgorithms('web01', 2222)))
    const results = await Promise.all(checkers.map((c) => c.check('web01', 2222, blobs.a, 'web01')))
    expect(results).toEqual([undefined, undefined, undefined])
    expect(entries(file)).toEqual([`[web01]:2222 ssh-ed25519 ${blobs.a.toString('base64')}`])
  })

  it('a key another process recorded after this run read the file is judged against the file', async () => {
    const file = join(dir, 'kh-late')
    const c = new HostKeyChecker([file], true)
    await c.preferredAlgorithms('db01', 22)
    writeFileSync(file, `db01 ssh-ed25519 ${blobs.a.toString('base64')}\n`)
    expect((await c.check('db01', 22, blobs.b, 'db01'))?.kind).toBe('host-key-changed')
    expect(entries(file)).toHaveLength(1)
  })

  it.each(['*,web02', 'web*', '!x', 'web01 web02', 'web01\n* ssh-ed25519 AAAA', '[10.0.0.1]:22', ''])(
    'refuses to record a key for %j, and writes nothing',
    async (address) => {
      const file = join(dir, `kh-bad-${Buffer.from(address).toString('hex')}`)
      const error = await new HostKeyChecker([file], true).check(address, 22, blobs.a, 'h')
      expect(error?.kind).toBe('host-key-unknown')
      expect(error?.message).toContain('accept-new: refusing to record')
      expect(existsSync(file)).toBe(false)
      await expect(appendKnownHost(file, address, 22, 'ssh-ed25519', blobs.a.toString('base64'))).rejects.toThrow(/refusing/)
      expect(existsSync(file)).toBe(false)
    },
  )

  it('writes IPv6 literals as OpenSSH does, and ssh-keygen -F finds them', async () => {
    const file = join(dir, 'kh-v6')
    await appendKnownHost(file, '2001:DB8::1', 22, 'ssh-ed25519', blobs.a.toString('base64'))
    await appendKnownHost(file, '2001:db8::2', 2200, 'ssh-ed25519', blobs.b.toString('base64'))
    expect(entries(file).map((l) => l.split(' ')[0])).toEqual(['2001:db8::1', '[2001:db8::2]:2200'])
    expect(execFileSync('ssh-keygen', ['-F', '2001:db8::1', '-f', file], {encoding: 'utf8'})).toContain('found: line 1')
    expect(execFileSync('ssh-keygen', ['-F', '[2001:db8::2]:2200', '-f', file], {encoding: 'utf8'})).toContain('found: line 2')
  })

  it('the lock serialises bodies on one file and takes over a lock left by a dead process', async () => {
    const file = join(dir, 'kh-lock')
    // A pid that cannot be alive (beyond pid_max).
    writeFileSync(`${file}.lock`, '99999999\n')
    const order: string[] = []
    const body = (name: string) => async () => {
      order.push(`${name}+`)
      await new Promise((resolve) => setTimeout(resolve, 20))
      order.push(`${name}-`)
    }
    await Promise.all([withKnownHostsLock(file, body('x')), withKnownHostsLock(file, body('y'))])
    expect(order).toEqual(['x+', 'x-', 'y+', 'y-'])
    expect(existsSync(`${file}.lock`)).toBe(false)
  })
})
