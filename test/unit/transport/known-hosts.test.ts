import {execFileSync} from 'node:child_process'
import {mkdtempSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {
  appendKnownHost,
  assessHostKey,
  lookupHostKeys,
  parseKnownHosts,
  sha256Fingerprint,
  verifyHostKey,
} from '../../../src/transport/known-hosts.js'

let dir: string
const keys: Record<string, {type: string; b64: string; blob: Buffer}> = {}

function keygen(name: string, type: string): void {
  const file = join(dir, name)
  execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-f', file])
  const [keyType, b64] = readFileSync(`${file}.pub`, 'utf8').trim().split(' ')
  keys[name] = {type: keyType, b64, blob: Buffer.from(b64, 'base64')}
}

const line = (hosts: string, name: string) => `${hosts} ${keys[name].type} ${keys[name].b64}`

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fleet-kh-'))
  keygen('a', 'ed25519')
  keygen('b', 'ed25519')
  keygen('r', 'rsa')
  keygen('e', 'ecdsa')
})
afterAll(() => execFileSync('rm', ['-rf', dir]))

describe('sha256Fingerprint', () => {
  it('prints exactly what ssh-keygen -l prints', () => {
    for (const name of ['a', 'r', 'e']) {
      const out = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', join(dir, `${name}.pub`)], {encoding: 'utf8'})
      expect(out.split(' ')[1]).toBe(sha256Fingerprint(keys[name].blob))
    }
  })
})

describe('parseKnownHosts / lookupHostKeys', () => {
  it('matches plain names, comma lists and [host]:port for non-22 ports', () => {
    const {entries} = parseKnownHosts(
      [line('web1,10.0.0.1', 'a'), line('[10.0.0.1]:2222', 'b'), line('[web2]:22', 'e')].join('\n'),
      'kh',
    )
    expect(lookupHostKeys(entries, 'web1', 22).map((e) => e.line)).toEqual([1])
    expect(lookupHostKeys(entries, '10.0.0.1', 22).map((e) => e.line)).toEqual([1])
    expect(lookupHostKeys(entries, '10.0.0.1', 2222).map((e) => e.line)).toEqual([2])
    // OpenSSH looks up plain `web2` on port 22, never `[web2]:22`.
    expect(lookupHostKeys(entries, 'web2', 22)).toEqual([])
    expect(lookupHostKeys(entries, 'WEB1', 22).map((e) => e.line)).toEqual([1])
  })

  it('honours wildcards and negation', () => {
    const {entries} = parseKnownHosts(line('*.example.org,!bad.example.org,10.1.?.5', 'a'), 'kh')
    expect(lookupHostKeys(entries, 'www.example.org', 22)).toHaveLength(1)
    expect(lookupHostKeys(entries, 'bad.example.org', 22)).toHaveLength(0)
    expect(lookupHostKeys(entries, '10.1.3.5', 22)).toHaveLength(1)
    expect(lookupHostKeys(entries, '10.1.33.5', 22)).toHaveLength(0)
    expect(lookupHostKeys(entries, 'example.org', 22)).toHaveLength(0)
  })

  it('matches entries hashed by ssh-keygen -H (HMAC-SHA1), plain and [host]:port', () => {
    const file = join(dir, 'hashed')
    writeFileSync(file, `${line('web1.example.org', 'a')}\n${line('[127.0.0.1]:2200', 'b')}\n`)
    execFileSync('ssh-keygen', ['-H', '-f', file], {stdio: 'ignore'})
    const text = readFileSync(file, 'utf8')
    expect(text).toMatch(/^\|1\|/)
    expect(text).not.toContain('web1')
    const {entries, problems} = parseKnownHosts(text, file)
    expect(problems).toEqual([])
    expect(verifyHostKey(entries, 'web1.example.org', 22, keys.a.blob)).toBe('match')
    expect(verifyHostKey(entries, '127.0.0.1', 2200, keys.b.blob)).toBe('match')
    expect(verifyHostKey(entries, 'web2.example.org', 22, keys.a.blob)).toBe('unknown')
    expect(verifyHostKey(entries, '127.0.0.1', 22, keys.b.blob)).toBe('unknown')
  })

  it('agrees with ssh-keygen -F on which lines name a host', () => {
    const file = join(dir, 'agree')
    writeFileSync(file, [line('h1,h2', 'a'), line('*.lan,!x.lan', 'b'), line('[h1]:2222', 'e'), line('h?', 'r')].join('\n') + '\n')
    const {entries} = parseKnownHosts(readFileSync(file, 'utf8'), file)
    for (const [host, port] of [['h1', 22], ['h2', 22], ['y.lan', 22], ['x.lan', 22], ['h1', 2222], ['h3', 22]] as const) {
      const name = port === 22 ? host : `[${host}]:${port}`
      let expected: number[] = []
      try {
        const out = execFileSync('ssh-keygen', ['-F', name, '-f', file], {encoding: 'utf8'})
        expected = [...out.matchAll(/found: line (\d+)/g)].map((m) => Number(m[1]))
      } catch {
        expected = []
      }
      expect(lookupHostKeys(entries, host, port).map((e) => e.line), name).toEqual(expected)
    }
  })

  it('skips @cert-authority, reports malformed lines with file:line', () => {
    const {entries, problems} = parseKnownHosts(
      ['# comment', '', `@cert-authority *.lan ${keys.a.type} ${keys.a.b64}`, 'web1 ssh-ed25519', `web1 ssh-rsa ${keys.a.b64}`, line('web1', 'b')].join('\n'),
      'kh',
    )
    expect(entries.map((e) => e.line)).toEqual([6])
    expect(problems.map((p) => `${p.file}:${p.line}`)).toEqual(['kh:4', 'kh:5'])
  })
})

describe('verifyHostKey', () => {
  it('match, changed (same type differs), unknown (only other types known)', () => {
    const {entries} = parseKnownHosts([line('web1', 'a'), line('web1', 'r')].join('\n'), 'kh')
    expect(verifyHostKey(entries, 'web1', 22, keys.a.blob)).toBe('match')
    expect(verifyHostKey(entries, 'web1', 22, keys.r.blob)).toBe('match')
    const changed = assessHostKey(entries, 'web1', 22, keys.b.blob)
    expect(changed.status).toBe('changed')
    expect(changed.sameType.map((e) => e.line)).toEqual([1])
    expect(verifyHostKey(entries, 'web1', 22, keys.e.blob)).toBe('unknown')
    expect(verifyHostKey(entries, 'web9', 22, keys.a.blob)).toBe('unknown')
  })

  it('@revoked refuses the key even when another line accepts it', () => {
    const {entries} = parseKnownHosts([line('web1', 'a'), `@revoked * ${keys.a.type} ${keys.a.b64}`].join('\n'), 'kh')
    const verdict = assessHostKey(entries, 'web1', 22, keys.a.blob)
    expect(verdict.status).toBe('revoked')
    expect(verdict.entry?.line).toBe(2)
    expect(lookupHostKeys(entries, 'web1', 22).map((e) => e.line)).toEqual([1])
  })
})

describe('appendKnownHost', () => {
  it('creates dir 0700 and file 0600, writes [host]:port off 22, and ssh-keygen -F finds it', async () => {
    const file = join(dir, 'new', 'sub', 'known_hosts')
    expect(await appendKnownHost(file, '127.0.0.1', 2222, keys.a.type, keys.a.b64)).toBe(1)
    expect(await appendKnownHost(file, 'web1', 22, keys.b.type, keys.b.b64)).toBe(2)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(statSync(join(dir, 'new', 'sub')).mode & 0o777).toBe(0o700)
    expect(readFileSync(file, 'utf8')).toBe(`[127.0.0.1]:2222 ${keys.a.type} ${keys.a.b64}\nweb1 ${keys.b.type} ${keys.b.b64}\n`)
    const out = execFileSync('ssh-keygen', ['-F', '[127.0.0.1]:2222', '-f', file], {encoding: 'utf8'})
    expect(out).toContain('found: line 1')
  })

  it('never glues onto a last line without newline', async () => {
    const file = join(dir, 'nonl')
    writeFileSync(file, line('old', 'a'))
    expect(await appendKnownHost(file, 'new', 22, keys.b.type, keys.b.b64)).toBe(2)
    const {entries, problems} = parseKnownHosts(readFileSync(file, 'utf8'), file)
    expect(problems).toEqual([])
    expect(entries.map((e) => e.patterns)).toEqual([['old'], ['new']])
  })
})

describe('lookup index', () => {
  it('keeps file order across literal, wildcard and hashed lines, case-insensitively', () => {
    const text = [
      line('*.example.org', 'a'),
      line('WEB1.example.org,10.0.0.1', 'b'),
      line('web2.example.org', 'e'),
      line('web1.example.org', 'r'),
    ].join('\n')
    const {entries} = parseKnownHosts(text, 'kh')
    expect(lookupHostKeys(entries, 'web1.example.org', 22).map((entry) => entry.line)).toEqual([1, 2, 4])
    expect(lookupHostKeys(entries, 'Web2.Example.org', 22).map((entry) => entry.line)).toEqual([1, 3])
    expect(lookupHostKeys(entries, '10.0.0.1', 22).map((entry) => entry.line)).toEqual([2])
    expect(lookupHostKeys(entries, '10.0.0.1', 2222)).toEqual([])
  })

  it('finds lines appended after the first lookup (accept-new during a run)', () => {
    const {entries} = parseKnownHosts(line('web1', 'a'), 'kh')
    expect(lookupHostKeys(entries, 'web9', 22)).toEqual([])
    entries.push(...parseKnownHosts(line('web9', 'b'), 'kh').entries)
    expect(lookupHostKeys(entries, 'web9', 22).map((entry) => entry.keyBase64)).toEqual([keys.b.b64])
  })

  it('a negated literal still vetoes its line', () => {
    const {entries} = parseKnownHosts(line('web1,!web1', 'a'), 'kh')
    expect(lookupHostKeys(entries, 'web1', 22)).toEqual([])
  })
})
