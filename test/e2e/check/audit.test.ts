/**
 * Cron audits from a real lab run: every format validated by a real tool (promtool,
 * xmllint, headless Chromium), history across runs (nothing added when nothing changed,
 * --only-changes silent), and waivers silencing exactly what they name.
 */
import {spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {labAvailable, labUp, type Lab} from '../../lab/lab.js'
import {decodePng} from '../../unit/report/png.js'
import {runFleet, type CliResult} from '../support/fleet-cli.js'

const lab = labAvailable()
const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0

describe.skipIf(!lab.ok)('cron audits on a 3-host lab', () => {
  let fleet: Lab
  let work: string
  let base: string[]
  const check = (...args: string[]): Promise<CliResult> => runFleet(['check', ...base, ...args])

  beforeAll(async () => {
    fleet = await labUp([{name: 'au-clean'}, {name: 'au-fpm', faults: ['fpm-stopped']}, {name: 'au-sock', faults: ['socket-elsewhere']}])
    work = mkdtempSync(join(tmpdir(), 'fleet-audit-'))
    base = ['-i', fleet.inventory, '--all', '--known-hosts', fleet.knownHosts, '--identity', fleet.identity, '--state-dir', join(work, 'state')]
  })

  afterAll(async () => {
    await fleet?.down()
  })

  it.skipIf(!has('promtool'))('writes Prometheus textfile metrics that promtool accepts', async () => {
    const file = join(work, 'fleet.prom')
    const result = await check('--no-history', '--format', 'prometheus', '--output', file)
    expect(result.stdout).toBe('')
    expect(result.code).toBe(2)
    const text = readFileSync(file, 'utf8')
    expect(text).toMatch(/^fleet_check_status\{host="au-fpm",check="fpm\/service-down",severity="critical"\} 1$/m)
    expect(text).toMatch(/^fleet_host_up\{host="au-clean"\} 1$/m)
    const lint = spawnSync('promtool', ['check', 'metrics'], {input: text, encoding: 'utf8'})
    expect(lint.status, lint.stdout + lint.stderr).toBe(0)
  })

  it.skipIf(!has('xmllint'))('writes JUnit XML that xmllint parses, one test case per host and check', async () => {
    const file = join(work, 'fleet.xml')
    await check('--no-history', '--format', 'junit', '--output', file)
    const lint = spawnSync('xmllint', ['--noout', file], {encoding: 'utf8'})
    expect(lint.status, lint.stderr).toBe(0)
    const xml = readFileSync(file, 'utf8')
    const failures = [...xml.matchAll(/<testcase [^>]*name="([^"]+)"[^>]*>\s*<failure/g)].map((match) => match[1])
    expect(failures.join('\n')).toMatch(/fpm\/service-down/)
  })

  it('speaks the Nagios plugin convention', async () => {
    const result = await check('--no-history', '--format', 'nagios')
    expect(result.code).toBe(2)
    expect(result.stdout.split('\n')[0]).toMatch(/^FLEET CRITICAL - .*\|.*hosts=3/)
  })

  it('writes JSON lines, one per host and a summary', async () => {
    const result = await check('--no-history', '--format', 'jsonl')
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line))
    expect(lines.filter((line) => line.type === 'host').map((line) => line.host).sort()).toEqual(['au-clean', 'au-fpm', 'au-sock'])
    expect(lines.at(-1).type).toBe('summary')
  })

  it.skipIf(!has('chromium'))('writes one self-contained HTML page that headless Chromium renders', async () => {
    const file = join(work, 'fleet.html')
    await check('--no-history', '--format', 'html', '--output', file)
    const html = readFileSync(file, 'utf8')
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//)
    const shot = join(work, 'shot.png')
    spawnSync(
      'chromium',
      ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${join(work, 'profile')}`, `--screenshot=${shot}`, '--window-size=1280,900', `file://${file}`],
      {timeout: 90_000},
    )
    expect(existsSync(shot)).toBe(true)
    const image = decodePng(readFileSync(shot))
    let red = 0
    for (let index = 0; index < image.pixels.length; index += 4) {
      if (image.pixels[index] > 180 && image.pixels[index + 1] < 90 && image.pixels[index + 2] < 110) red += 1
    }
    // The critical cells of au-fpm and au-sock are drawn in red.
    expect(red).toBeGreaterThan(300)
  })

  describe('history', () => {
    it('reports nothing added on a second run with nothing changed, and --only-changes stays silent', async () => {
      const first = await check('--json', '--diff')
      expect(first.code).toBe(2)
      const second = await check('--json', '--diff')
      const changes = JSON.parse(second.stdout).hosts.flatMap((host: {findings: Array<{change?: string}>}) => host.findings.map((finding) => finding.change))
      expect(changes.length).toBeGreaterThan(0)
      expect(changes.filter((change: string | undefined) => change !== 'unchanged')).toEqual([])
      const quiet = await check('--only-changes')
      expect(quiet.stdout).toBe('')
      expect(quiet.code).toBe(0)
    })

    it('shows what changed once something does', async () => {
      await fleet.exec('au-clean', 'systemctl stop nginx')
      const changed = await check('--only-changes', '--format', 'jsonl')
      expect(changed.code).toBe(2)
      const hosts = changed.stdout.trim().split('\n').map((line) => JSON.parse(line)).filter((line) => line.type === 'host')
      expect(hosts.map((host) => host.host)).toEqual(['au-clean'])
      expect(hosts[0].findings.map((finding: {check: string; change: string}) => `${finding.check} ${finding.change}`)).toContain('nginx/service-down added')
      await fleet.exec('au-clean', 'systemctl start nginx')
    })
  })

  it('silences exactly what a waiver names, and reports an expired waiver', async () => {
    const waivers = join(work, 'waivers.yml')
    writeFileSync(
      waivers,
      [
        '- check: upstream/socket-missing',
        '  hosts: au-sock',
        '  justification: "socket moves in the next release (TICKET-1)"',
        '  expires: 2999-01-01',
        '- check: nginx/service-down',
        '  hosts: "au-*"',
        '  justification: old maintenance window',
        '  expires: 2001-01-01',
        '',
      ].join('\n'),
    )
    const result = await check('--no-history', '--json', '--waivers', waivers)
    const report = JSON.parse(result.stdout)
    const finding = (host: string, id: string) =>
      report.hosts.find((entry: {host: string}) => entry.host === host).findings.find((entry: {check: string}) => entry.check === id)
    expect(finding('au-sock', 'upstream/socket-missing').waived.justification).toMatch(/TICKET-1/)
    // The same check on another host is not waived.
    expect(finding('au-fpm', 'upstream/socket-missing').waived).toBeUndefined()
    expect(finding('au-clean', 'fleet/waiver-expired').message).toMatch(/waivers\.yml:5/)
    expect(result.code).toBe(2)
  })

  it('refuses a bad waiver file with file, line and column before contacting any host', async () => {
    const bad = join(work, 'bad-waivers.yml')
    writeFileSync(bad, '- check: upstream/socket-missing\n  hosts: au-sock\n  expires: 2999-13-01\n')
    const result = await check('--no-history', '--waivers', bad)
    expect(result.code).toBe(65)
    expect(result.stderr).toMatch(/bad-waivers\.yml:\d+:\d+/)
  })
})
