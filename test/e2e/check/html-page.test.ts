/**
 * The HTML page from real lab runs, opened in headless Chromium: three `fleet check --record`
 * runs (a fault from boot on hp3; nginx stopped on hp1 between the first and the
 * second run, started again before the third), then the page's DOM as the browser built it.
 */
import {spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {labAvailable, labUp, type Lab} from '../../lab/lab.js'
import {decodePng} from '../../unit/report/png.js'
import {runFleet, type CliResult} from '../support/fleet-cli.js'

const lab = labAvailable()
const chromium = ['chromium', 'chromium-browser', 'google-chrome'].find((bin) => spawnSync(bin, ['--version']).status === 0)
if (!lab.ok) console.warn(`html-page: lab not available (${lab.reason}); skipped`)
if (!chromium) console.warn('html-page: chromium not installed (scripts/setup.sh installs it); skipped')

/** The DOM text of one element matched in Chromium's serialised DOM, tags removed. */
const text = (html: string): string => html.replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim()

describe.skipIf(!lab.ok || !chromium)('the HTML page of a 3-host lab, in headless Chromium', () => {
  let fleet: Lab
  let work: string
  let base: string[]
  const check = (...args: string[]): Promise<CliResult> => runFleet(['check', ...base, ...args])
  const browser = (args: string[]) =>
    spawnSync(
      chromium as string,
      ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${join(work, 'profile')}`, ...args],
      {encoding: 'utf8', timeout: 90_000, maxBuffer: 64 * 1024 * 1024},
    )

  beforeAll(async () => {
    fleet = await labUp([{name: 'hp1'}, {name: 'hp2'}, {name: 'hp3', faults: ['fpm-stopped']}])
    work = process.env.KEEP_SHOT ?? mkdtempSync(join(tmpdir(), 'fleet-html-page-'))
    base = ['-i', fleet.inventory, '--all', '--known-hosts', fleet.knownHosts, '--identity', fleet.identity, '--state-dir', join(work, 'state')]
  })

  afterAll(async () => {
    await fleet?.down()
    if (work && !process.env.KEEP_SHOT) rmSync(work, {recursive: true, force: true})
  })

  it('shows causes, folded rows, check columns and a timeline with a finding that came and went', async () => {
    expect((await check('--record', '--format', 'json')).code).toBe(2)
    await fleet.exec('hp1', 'systemctl stop nginx')
    expect((await check('--record', '--format', 'json')).code).toBe(2)
    await fleet.exec('hp1', 'systemctl start nginx')
    const file = join(work, 'fleet.html')
    const last = await check('--record', '--format', 'html', '--output', file)
    expect(last.code, last.stderr).toBe(2)
    const html = readFileSync(file, 'utf8')
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//)
    // No remote asset: no link element, no src or href leaving the file (host text may quote URLs).
    expect(html).not.toMatch(/<link\b/i)
    expect(html).not.toMatch(/<[^>]*\s(src|href)\s*=\s*(?!["']?#)[^>]*>/i)

    const dom = browser(['--dump-dom', `file://${file}`])
    expect(dom.status, dom.stderr).toBe(0)
    const page = dom.stdout
    // The matrix: hp3's row has its cause and the fpm/service-down column; no nginx column now.
    const head = text(/<thead>(.*?)<\/thead>/s.exec(page)?.[1] ?? '')
    expect(head).toMatch(/^hosts status cause /)
    expect(head).toContain('fpm/service-down')
    expect(head).not.toContain('nginx/service-down')
    const body = /<tbody>(.*?)<\/tbody>/s.exec(page)?.[1] ?? ''
    const rows = [...body.matchAll(/<tr[^>]*><th>([^<]+)<\/th>.*?<\/tr>/gs)].map((m) => text(m[0]))
    // hp1 and hp2 read the same again: one row, folded into a host range.
    expect(rows, rows.join("\n")).toHaveLength(2)
    expect(rows[0]).toMatch(/^hp\[1-2\] (ok|info)\b/)
    // hp3's row starts with its cause line.
    expect(rows[1]).toMatch(/^hp3 critical fpm\/service-down: php8\.2-fpm is inactive.* critical/)

    // The timeline: three runs; hp1's nginx finding appeared at the second run and was gone at the third.
    const timeline = page.slice(page.indexOf('<h2>Timeline</h2>'))
    const runs = /<p class="tl-range">(\d+) recorded runs, (\S+ \S+) to (\S+ \S+)<\/p>/.exec(timeline)
    expect(runs?.[1]).toBe('3')
    const sections = new Map([...timeline.matchAll(/<section class="timeline"><h3>([^<]+)<\/h3>(.*?)<\/section>/gs)].map((m) => [m[1], m[2]]))
    expect([...sections.keys()].sort()).toEqual(['hp1', 'hp2', 'hp3'])
    const nginx = [...(sections.get('hp1') ?? '').matchAll(/<tr class="([^"]*)"[^>]*>(.*?)<\/tr>/gs)].map((m) => [m[1], text(m[2])]).find(([, t]) => t.startsWith('nginx/service-down'))
    expect(nginx?.[0]).toBe('tl-entry tl-gone')
    const appeared = / appeared (\S+ \S+) gone (\S+ \S+)$/.exec(nginx?.[1] ?? '')
    expect(appeared, nginx?.[1]).not.toBeNull()
    // Appeared after the first run, gone at the last.
    expect(appeared?.[1] > (runs?.[2] ?? '')).toBe(true)
    expect(appeared?.[2]).toBe(runs?.[3])
    const fpm = [...(sections.get('hp3') ?? '').matchAll(/<tr class="([^"]*)"[^>]*>(.*?)<\/tr>/gs)].map((m) => [m[1], text(m[2])]).find(([, t]) => t.startsWith('fpm/service-down'))
    expect(fpm?.[0]).toBe('tl-entry')
    expect(fpm?.[1]).toMatch(new RegExp(`appeared ${runs?.[2]} still present$`))

    const shot = join(work, 'page.png')
    browser([`--screenshot=${shot}`, '--window-size=1280,1400', `file://${file}`])
    expect(existsSync(shot)).toBe(true)
    expect(decodePng(readFileSync(shot)).width).toBe(1280)
  }, 240_000)
})
