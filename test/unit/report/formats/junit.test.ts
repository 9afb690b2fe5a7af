import {execFileSync, spawnSync} from 'node:child_process'
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {getFormatter} from '../../../../src/report/formats/index.js'
import {finding, HOSTILE, labFleet} from '../../../fixtures/report/fleet.js'

const hasXmllint = spawnSync('xmllint', ['--version']).status === 0
const hasPython = spawnSync('python3', ['--version']).status === 0

function hostileFleet() {
  const report = labFleet()
  report.hosts[5].findings[0].message = `${HOSTILE} <b>&"'</b> \u0000\u0001`
  report.hosts[5].host = 'web06<&>'
  return report
}

function write(xml: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'fleet-junit-')), 'report.xml')
  writeFileSync(file, xml)
  return file
}

// python3's xml.etree (expat) is a real, strict XML 1.0 parser: it prints the counts we assert on.
const SUMMARY_PY = `
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
print(root.tag, root.get('tests'), root.get('failures'), root.get('errors'), root.get('skipped'))
for s in root.findall('testsuite'):
    for c in s.findall('testcase'):
        kind = 'pass'
        for k in ('failure', 'error', 'skipped'):
            if c.find(k) is not None: kind = k
        el = c.find(kind) if kind != 'pass' else None
        print(s.get('name'), c.get('name'), kind, (el.get('message') or '') if el is not None else '')
`

describe('junit', () => {
  it.skipIf(!hasXmllint)('is well-formed XML for xmllint, even with hostile host output', () => {
    const file = write(getFormatter('junit').render(hostileFleet(), {}))
    const r = spawnSync('xmllint', ['--noout', file], {encoding: 'utf8'})
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
  })

  it.skipIf(!hasPython)('has one testcase per host x check with failures, errors and skips', () => {
    const checkIds = ['fpm/max-children-reached', 'fpm/seems-busy', 'fpm/service-down', 'system/oom-kill', 'upstream/socket-mismatch', 'upstream/socket-missing']
    const file = write(getFormatter('junit').render(hostileFleet(), {checkIds}))
    const out = execFileSync('python3', ['-c', SUMMARY_PY, file], {encoding: 'utf8'}).trimEnd().split('\n')
    // 8 reachable hosts x 6 checks + one host/unreachable case for db1.
    expect(out[0]).toBe('testsuites 49 6 1 1')
    const rows = out.slice(1).map((l) => l.split(' '))
    expect(rows.filter((r) => r[0] === 'web04' && r[2] === 'failure').map((r) => r[1])).toEqual(['fpm/service-down', 'upstream/socket-missing'])
    expect(rows.find((r) => r[0] === 'db1')?.slice(0, 3)).toEqual(['db1', 'host/unreachable', 'error'])
    expect(rows.find((r) => r[0] === 'web08' && r[1] === 'system/oom-kill')?.[2]).toBe('skipped')
    // info is context, not a failure.
    expect(rows.find((r) => r[0] === 'web07' && r[1] === 'fpm/seems-busy')?.[2]).toBe('pass')
    const hostile = out.find((l) => l.startsWith('web06<&> fpm/max-children-reached failure'))
    expect(hostile).toBeDefined()
    expect(hostile).not.toContain('\u001b')
    expect(hostile).toContain('<b>&"\'</b>')
  })

  it('uses the check ids seen in the report when none are given', () => {
    const xml = getFormatter('junit').render(labFleet(), {})
    expect(xml.match(/<testcase /g)).toHaveLength(8 * 6 + 1)
    expect(finding('x/y', 'info', 'm').check).toBe('x/y')
  })
})
