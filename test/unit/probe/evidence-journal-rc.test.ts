// A journal read that failed or timed out must not pass for a complete, empty journal:
// f_ev_journal returns journalctl's status, not that of the `tail` bounding it (dash has
// no pipefail). Run for real with sh and a journalctl of our own on PATH.
import {spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {PROBE_HELPERS} from './probe-helpers.js'
import {loadEvidenceScript} from '../../../src/probe/script.js'

function journalRead(status: number): {rc: string; out: string} {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-evj-'))
  try {
    // Prints a line, then fails as a timeout (124) or a read error would.
    writeFileSync(join(dir, 'journalctl'), `#!/bin/sh\necho 'partial line'\nexit ${status}\n`, {mode: 0o755})
    const script = `${PROBE_HELPERS}\n${loadEvidenceScript()}\nEV_SINCE=0 EV_MAX=4096\nf_ev_journal php-fpm\necho "rc=$?"\n`
    const r = spawnSync('sh', ['-c', script], {env: {PATH: `${dir}:${process.env.PATH}`, T: dir, TO: '', N: 'x'}, encoding: 'utf8'})
    return {rc: /rc=(\d+)/.exec(r.stdout)?.[1] ?? '?', out: r.stdout}
  } finally {
    rmSync(dir, {recursive: true, force: true})
  }
}

describe('f_ev_journal', () => {
  it('returns journalctl\'s failure (a timeout: 124), with what it printed', () => {
    const {rc, out} = journalRead(124)
    expect(rc).toBe('124')
    expect(out).toMatch(/partial line/)
  })

  it('returns 0 when journalctl succeeded', () => {
    expect(journalRead(0).rc).toBe('0')
  })
})
