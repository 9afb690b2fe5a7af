import {execFileSync, spawnSync} from 'node:child_process'
import {hostname} from 'node:os'
import {describe, expect, it} from 'vitest'
import {parseProbeOutput} from '../../../src/probe/parse.js'
import {loadProbeScript, PROBE_COMMAND, probeScript, probeStdin} from '../../../src/probe/script.js'

describe('probeScript', () => {
  it('carries the parameters in the script on stdin, never on the command line', () => {
    const text = probeScript({nonce: 'a1B2', windowSeconds: 900, maxLogBytes: 1024})
    expect(text.startsWith('FLEET_NONCE=a1B2\nFLEET_WINDOW=900\nFLEET_MAXLOG=1024\n')).toBe(true)
    expect(text.endsWith(loadProbeScript())).toBe(true)
    expect(PROBE_COMMAND).toBe('sh -s')
  })

  it('as stdin chunks: the same bytes, the body one Buffer shared by every host', () => {
    const args = {nonce: 'a1B2', windowSeconds: 900, maxLogBytes: 1024}
    const chunks = probeStdin(args)
    expect(Buffer.concat(chunks).toString('utf8')).toBe(probeScript(args))
    const other = probeStdin({...args, nonce: 'z9'})
    expect(other[0].toString()).toContain('FLEET_NONCE=z9\n')
    expect(other.at(-1)).toBe(chunks.at(-1))
    expect(() => probeStdin({...args, nonce: "x'; id"})).toThrow(/nonce/)
  })

  it('rejects a nonce that could break out of the frame format or the shell', () => {
    expect(() => probeScript({nonce: "x'; rm -rf /", windowSeconds: 1, maxLogBytes: 1})).toThrow(/nonce/)
    expect(() => probeScript({nonce: 'a\nid', windowSeconds: 1, maxLogBytes: 1})).toThrow(/nonce/)
    expect(() => probeScript({nonce: 'ok', windowSeconds: -1, maxLogBytes: 1})).toThrow(/windowSeconds/)
    expect(() => probeScript({nonce: 'ok', windowSeconds: 1, maxLogBytes: 1.5})).toThrow(/maxLogBytes/)
  })
})

describe('probe.sh run for real on this machine (no SSH)', () => {
  const script = loadProbeScript()

  it('is valid POSIX sh for dash', () => {
    const shells = ['dash', 'sh'].filter((s) => spawnSync('sh', ['-c', `command -v ${s}`]).status === 0)
    for (const sh of shells) expect(spawnSync(sh, ['-n'], {input: script}).status, sh).toBe(0)
  })

  it('refuses a bad nonce instead of printing unframed output', () => {
    const r = spawnSync('sh', ['-s', '--', 'bad nonce', '60', '100'], {input: script, encoding: 'utf8'})
    expect(r.status).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/NONCE/)
  })

  it('runs to the end, framed and bounded, whatever this host has installed', () => {
    const nonce = 'local42'
    const stdout = execFileSync('sh', ['-c', PROBE_COMMAND], {
      input: probeScript({nonce, windowSeconds: 60, maxLogBytes: 2048}),
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    })
    const facts = parseProbeOutput(stdout, nonce)
    expect(facts.system.hostname).toBe(hostname())
    expect(facts.windowSeconds).toBe(60)
    expect(facts.partial.map((p) => p.fact)).not.toContain('probe')
    for (const tail of [...facts.logs.nginxError, ...facts.logs.nginxAccess, ...facts.logs.fpm]) {
      expect(tail.lines.join('\n').length).toBeLessThanOrEqual(2048)
    }
    // Every output line outside frames would be a bug: count lines that are in no frame.
    const outside = stdout.split(new RegExp(`^==FLEET ${nonce} BEGIN [\\s\\S]*?^==FLEET ${nonce} END .*==$`, 'm')).join('').trim()
    expect(outside).toBe('')
  })
})
