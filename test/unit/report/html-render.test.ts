/**
 * The HTML report rendered by a real browser (headless Chromium, no network): the screenshot
 * must show the matrix, with the red of a critical cell, and the page must hold no remote asset.
 */
import {spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {renderHtml} from '../../../src/report/formats/html.js'
import {finding, HOSTILE, labFleet} from '../../fixtures/report/fleet.js'
import {decodePng} from './png.js'

const chromium = ['chromium', 'chromium-browser', 'google-chrome'].find((bin) => spawnSync(bin, ['--version']).status === 0)
const work = process.env.KEEP_SHOT ?? mkdtempSync(path.join(tmpdir(), 'fleet-html-'))
if (process.env.KEEP_SHOT) console.log('keeping', work)
afterAll(() => { if (!process.env.KEEP_SHOT) rmSync(work, {recursive: true, force: true}) })

function hostileFleet() {
  const report = labFleet()
  const web06 = report.hosts[5]
  web06.findings.push(finding('fpm/child-killed', 'warning', `<script>window.pwned=1</script> ${HOSTILE}`, {evidence: ['</pre><img src=x onerror=alert(1)>']}))
  web06.cause = '"><svg onload=alert(1)>'
  return report
}

describe('html report', () => {
  const html = renderHtml(hostileFleet())

  it('is self-contained and escapes host-derived text', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true)
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//)
    expect(html).not.toContain('<script>window.pwned')
    expect(html).not.toContain('<img src=x')
    expect(html).not.toContain('<svg')
    expect(html).not.toContain('\u001b')
    expect(html.match(/<script>/g)).toHaveLength(1)
  })

  it('folds identical rows into host ranges and has one column per check', () => {
    expect(html).toContain('<th>web[01-03]</th>')
    expect(html).toContain('<th>web[04-05]</th>')
    const head = /<thead>(.*?)<\/thead>/s.exec(html)?.[1] ?? ''
    expect(head.match(/<th>/g)).toHaveLength(3 + 7)
    expect(head.indexOf('fpm/service-down')).toBeLessThan(head.indexOf('fpm/max-children-reached'))
    expect(html).toMatch(/<tr data-text="[^"]*"><th>web\[04-05\]<\/th><td class="sev-critical">critical<\/td><td class="cause">PHP-FPM is stopped: nginx answers 502<\/td><td class="sev-critical"/)
  })

  it.skipIf(!chromium)('renders in headless Chromium with a red critical cell', () => {
    const file = path.join(work, 'report.html')
    const shot = path.join(work, 'shot.png')
    writeFileSync(file, html)
    const r = spawnSync(
      chromium as string,
      [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        `--user-data-dir=${path.join(work, 'profile')}`, `--screenshot=${shot}`, '--window-size=1280,900',
        `file://${file}`,
      ],
      {encoding: 'utf8', timeout: 90_000},
    )
    expect(existsSync(shot), r.stderr).toBe(true)
    const image = decodePng(readFileSync(shot))
    expect([image.width, image.height]).toEqual([1280, 900])
    const colours = new Set<number>()
    let red = 0
    let amber = 0
    for (let i = 0; i < image.pixels.length; i += 4) {
      const [pr, pg, pb] = [image.pixels[i], image.pixels[i + 1], image.pixels[i + 2]]
      colours.add((pr << 16) | (pg << 8) | pb)
      if (pr > 180 && pg < 90 && pb < 110) red++
      if (pr > 200 && pg > 150 && pg < 200 && pb < 80) amber++
    }
    expect(colours.size).toBeGreaterThan(50)
    // Critical cells are #d73a49: a few hundred pixels at least.
    expect(red).toBeGreaterThan(500)
    expect(amber).toBeGreaterThan(200)
  })

  it.skipIf(!chromium)('filters rows with the inline script (#q= pre-fills the filter)', () => {
    const file = path.join(work, 'filter.html')
    writeFileSync(file, html)
    const r = spawnSync(
      chromium as string,
      [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        `--user-data-dir=${path.join(work, 'profile-dom')}`, '--dump-dom', `file://${file}#q=WEB08`,
      ],
      {encoding: 'utf8', timeout: 90_000},
    )
    const rows = [...r.stdout.matchAll(/<tr ([^>]*)><th>([^<]+)<\/th>/g)].map((m) => [m[2], /class="hidden"/.test(m[1])])
    expect(rows).toEqual([
      ['web[01-03]', true],
      ['web[04-05]', true],
      ['web06', true],
      ['web07', true],
      ['web08', false],
      ['db1', true],
    ])
  })
})

if (!chromium) console.warn('html-render: chromium not installed (apt-get install -y chromium); screenshot test skipped')
