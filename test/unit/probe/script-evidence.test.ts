// probeScript sends parameters + evidence.sh (definitions only) + probe.sh, whose main calls
// `evidence` before the `done` frame. Run for real with dash and bash on this machine.
import {spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {splitFrames} from '../../../src/probe/frames.js'
import {loadEvidenceScript, loadProbeScript, PROBE_COMMAND, probeScript} from '../../../src/probe/script.js'

const shells = ['dash', 'bash'].filter((s) => spawnSync('sh', ['-c', `command -v ${s}`]).status === 0)

describe('probeScript composition', () => {
  it('is the parameters, then evidence.sh, then probe.sh', () => {
    const text = probeScript({nonce: 'c0mp', windowSeconds: 60, maxLogBytes: 1024})
    const evidence = loadEvidenceScript()
    const probe = loadProbeScript()
    expect(text.startsWith('FLEET_NONCE=c0mp\nFLEET_WINDOW=60\nFLEET_MAXLOG=1024\n')).toBe(true)
    const at = text.indexOf(evidence)
    expect(at).toBe('FLEET_NONCE=c0mp\nFLEET_WINDOW=60\nFLEET_MAXLOG=1024\n'.length)
    expect(text.endsWith(probe)).toBe(true)
    expect(text.length).toBeLessThanOrEqual(at + evidence.length + 1 + probe.length)
    expect(probe).toMatch(/^\s*if \[ "\$_cv" = evidence \]; then evidence;/m)
  })

  it('evidence.sh only defines functions: sourcing it runs and prints nothing', () => {
    for (const sh of shells) {
      const r = spawnSync(sh, ['-x', '-s'], {input: loadEvidenceScript(), encoding: 'utf8'})
      expect([sh, r.status, r.stdout, r.stderr]).toEqual([sh, 0, '', ''])
    }
  })

  it('the build ships evidence.sh next to probe.sh', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {scripts: {build: string}}
    expect(pkg.scripts.build).toMatch(/cp src\/probe\/probe\.sh src\/probe\/evidence\.sh dist\/src\/probe\//)
  })

  for (const sh of shells) {
    it(`${sh}: the composed probe runs the evidence section before done, framed`, () => {
      const nonce = `c0mp${sh}`
      const r = spawnSync(sh, ['-c', PROBE_COMMAND.replace(/^sh /, `${sh} `)], {
        input: probeScript({nonce, windowSeconds: 60, maxLogBytes: 2048}),
        encoding: 'utf8',
        maxBuffer: 64 << 20,
      })
      expect(r.status).toBe(0)
      const names = splitFrames(r.stdout, nonce).map((f) => f.name)
      expect(names).toContain('disk-paths')
      expect(names).not.toContain('evidence')
      expect(names.indexOf('disk-paths')).toBeLessThan(names.indexOf('done'))
      expect(names.at(-1)).toBe('done')
    })
  }

  it('probe.sh sent without evidence.sh never runs a program named evidence found on PATH', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleet-ev-path-'))
    try {
      const marker = join(dir, 'ran')
      writeFileSync(join(dir, 'evidence'), `#!/bin/sh\n: > '${marker}'\n`, {mode: 0o755})
      const nonce = 'n0evpath'
      const r = spawnSync('sh', ['-s', '--', nonce, '60', '1024'], {
        input: loadProbeScript(),
        encoding: 'utf8',
        maxBuffer: 64 << 20,
        env: {...process.env, PATH: `${dir}:${process.env.PATH}`},
      })
      expect(existsSync(marker)).toBe(false)
      expect(splitFrames(r.stdout, nonce).find((f) => f.name === 'evidence')?.rc).toBe(1)
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })

  it('probe.sh sent without evidence.sh says so in a frame instead of failing silently', () => {
    const nonce = 'n0ev'
    const r = spawnSync('sh', ['-s', '--', nonce, '60', '1024'], {input: loadProbeScript(), encoding: 'utf8', maxBuffer: 64 << 20})
    const frames = splitFrames(r.stdout, nonce)
    const missing = frames.find((f) => f.name === 'evidence')
    expect(missing?.rc).toBe(1)
    expect(missing?.stderr).toMatch(/evidence section \(evidence\.sh\) was not sent/)
    expect(frames.at(-1)?.name).toBe('done')
  })
})
