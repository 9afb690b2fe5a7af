/**
 * The phase scripts' real output, recorded on a lab host (Debian 12, nginx 1.22, systemd) with
 * fixtures/record.mjs, read by the same code the command uses.
 */
import {readFileSync} from 'node:fs'

import {describe, expect, it} from 'vitest'

import {parseProbeLines} from '../../../src/reload/health.js'
import {readInspect} from '../../../src/reload/preflight.js'
import {blockLines, parseSections} from '../../../src/reload/remote.js'
import type {HostPreflight} from '../../../src/reload/types.js'
import {judgeReload} from '../../../src/reload/verify.js'

const recorded = (name: string) => parseSections(readFileSync(new URL(`fixtures/${name}.txt`, import.meta.url), 'utf8'))
const empty = (): HostPreflight => ({ok: false, problems: [], newHash: null, rollbackHash: null, rollbackSource: null, confDir: null, baseline: [], notes: []})

describe('preflight inspect output', () => {
  it('a clean host: config parsed, no problem, known-good rollback point', () => {
    const report = empty()
    const config = readInspect(recorded('inspect-ok'), report)
    expect(report.problems).toEqual([])
    expect(config?.files.map((f) => f.file)).toContain('/etc/nginx/sites-enabled/app')
    expect(report).toMatchObject({confDir: '/etc/nginx', rollbackSource: 'known-good'})
    expect(report.rollbackHash).toMatch(/^[0-9a-f]{16}$/)
  })
  it('a syntax error: config-invalid naming the file and line, nothing parsed', () => {
    const report = empty()
    expect(readInspect(recorded('inspect-invalid'), report)).toBeNull()
    expect(report.problems.map((p) => p.message)).toEqual([
      'nginx -t: [emerg] directive "index" is not terminated by ";" in /etc/nginx/sites-enabled/app:9',
    ])
  })
  it('nginx -t passes but the socket is not listened on: socket-missing with FILE:LINE', () => {
    const report = empty()
    readInspect(recorded('inspect-socket-missing'), report)
    expect(report.problems.map((p) => p.code)).toEqual(['socket-missing'])
    expect(report.problems[0].message).toMatch(/^\/etc\/nginx\/sites-enabled\/app:\d+: unix:\/run\/php\/php-nobody.sock: no process listens/)
  })
  it('a held lock stops the script before anything else and names the owner', () => {
    const s = recorded('lock-held')
    expect(s.values.get('lock')).toBe('held')
    expect(s.values.get('lock-owner')).toBe('alice@other pid=42 started=2026-01-01T00:00:00.000Z run=feedbeef')
    expect(s.values.has('test-code')).toBe(false)
  })
})

describe('reload output', () => {
  const ok = recorded('reload-ok')
  const baseline = parseProbeLines(blockLines(ok, 'health-1'))

  it('a good reload: same master, new workers, health unchanged', () => {
    const v = judgeReload(ok, baseline, null)
    expect(v.failures).toEqual([])
    expect(v.ok).toBe(true)
    expect(v.method).toBe('systemctl reload nginx')
    expect(v.masterAfter).toBe(v.masterBefore)
    expect(v.workersAfter.some((p) => v.workersBefore.includes(p))).toBe(false)
  })
  it('a reload that breaks PHP: the health regression is the failure', () => {
    const v = judgeReload(recorded('reload-broken-php'), baseline, null)
    expect(v.ok).toBe(false)
    expect(v.failures).toEqual(['health http://127.0.0.1:80/: 200 before, 404 after'])
  })
  it('a restore that did not run fails before anything is judged', () => {
    const v = judgeReload(ok, baseline, '0123456789abcdef')
    expect(v.failures).toEqual(['restore: did not run'])
  })
})
