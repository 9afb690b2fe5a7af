/**
 * The HTML page's parts read from the rendered text: the cause per row, sticky headers,
 * check columns only for checks some host has, and the timeline built from three runs
 * advanced the way `fleet check --record` does (src/history/timeline.ts).
 */
import {spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {advanceTimeline, loadTimeline, parseTimeline, saveTimeline, timelineFile, type Timeline} from '../../../../src/history/timeline.js'
import {getFormatter} from '../../../../src/report/formats/index.js'
import {renderHtml} from '../../../../src/report/formats/html.js'
import {recompute} from '../../../../src/report/status.js'
import type {FleetReport} from '../../../../src/report/types.js'
import {finding, labFleet, oneHost} from '../../../fixtures/report/fleet.js'

const chromium = ['chromium', 'chromium-browser', 'google-chrome'].find((bin) => spawnSync(bin, ['--version']).status === 0)

const head = (html: string): string => /<thead>(.*?)<\/thead>/s.exec(html)?.[1] ?? ''
const rowOf = (html: string, label: string): string => new RegExp(`<tr data-text="[^"]*"><th>${label.replace(/[[\]]/g, '\\$&')}</th>.*?</tr>`).exec(html)?.[0] ?? ''

/** Two hosts; `sick` decides which findings web02 has in this run. */
function run(web02: ReturnType<typeof finding>[]): FleetReport {
  const base = oneHost([]).hosts[0]
  const hosts = [
    {...base, host: 'web01', address: '10.77.1.2'},
    {...base, host: 'web02', address: '10.77.2.2', findings: web02, cause: web02.length ? 'FPM pool www saturated' : null},
  ]
  return recompute({version: 1, hosts, summary: {hosts: 0, ok: 0, info: 0, warning: 0, critical: 0, unreachable: 0}})
}

describe('html page', () => {
  it('shows each row its cause, escaped, in a cause column', () => {
    const html = renderHtml(labFleet())
    expect(head(html)).toContain('<th>cause</th>')
    expect(rowOf(html, 'web[04-05]')).toContain('<td class="cause">PHP-FPM is stopped: nginx answers 502</td>')
    expect(rowOf(html, 'web08')).toContain('<td class="cause">nginx and FPM disagree on the socket path</td>')
    expect(rowOf(html, 'web[01-03]')).toContain('<td class="cause"></td>')
    const hostile = getFormatter('html').render(oneHost([finding('fpm/child-killed', 'warning', 'x')], {cause: '<b onclick=x>"\u001b[2J'}), {})
    expect(hostile).toContain('<td class="cause">&lt;b onclick=x&gt;&quot;\\x1b[2J</td>')
  })

  it('keeps the header row and the host column in view (sticky)', () => {
    const html = renderHtml(labFleet())
    expect(html).toMatch(/\.matrix thead th\{[^}]*position:sticky;top:0/)
    expect(html).toMatch(/\.matrix tbody th\{[^}]*position:sticky;left:0/)
  })

  it.skipIf(!chromium)('keeps the header row and the host column in view when Chromium scrolls the page', () => {
    // 60 hosts by 30 checks: taller and wider than the window.
    const base = oneHost([]).hosts[0]
    const hosts = Array.from({length: 60}, (_, i) => ({...base, host: `web${i}`, findings: [finding(`x/check-${i % 30}`, 'warning', `finding ${i}`)], cause: `cause ${i}`}))
    const html = renderHtml(recompute({version: 1, hosts, summary: {hosts: 0, ok: 0, info: 0, warning: 0, critical: 0, unreachable: 0}}))
    // The probe scrolls, then writes where the first header cell and the last row's host cell are.
    const probe = '<script>window.scrollTo(1500,1200);var h=document.querySelector(".matrix thead th:last-child").getBoundingClientRect();' +
      'var c=document.querySelector(".matrix tbody tr:last-child th").getBoundingClientRect();' +
      'document.body.setAttribute("data-probe",[window.scrollX>0,window.scrollY>0,Math.round(h.top),Math.round(c.left)].join(" "));</script></body>'
    const work = mkdtempSync(path.join(tmpdir(), 'fleet-sticky-'))
    try {
      const file = path.join(work, 'page.html')
      writeFileSync(file, html.replace('</body>', probe))
      const r = spawnSync(
        chromium as string,
        ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${path.join(work, 'profile')}`, '--window-size=800,600', '--dump-dom', `file://${file}`],
        {encoding: 'utf8', timeout: 90_000},
      )
      // Both scrolled, yet the header sits at the top edge and the host column at the left edge.
      expect(/data-probe="([^"]*)"/.exec(r.stdout)?.[1], r.stderr).toBe('true true 0 0')
    } finally {
      rmSync(work, {recursive: true, force: true})
    }
  })

  it('folds hosts with the same status and findings, and has a column only for checks some host has', () => {
    const html = renderHtml(labFleet())
    expect(html).toContain('<th>web[01-03]</th>')
    expect(html).toContain('<th>web[04-05]</th>')
    expect(head(html)).toContain('<th>fpm/seems-busy</th>')
    expect(head(html)).not.toContain('system/oom-kill')
    const healthy = renderHtml(run([]))
    expect(head(healthy)).toBe('<tr><th>hosts</th><th>status</th><th>cause</th></tr>')
    expect(healthy).toContain('<th>web[01-02]</th>')
  })

  describe('timeline', () => {
    const saturated = finding('fpm/max-children-reached', 'warning', 'pool www reached pm.max_children (5) 3 times in window')
    const busy = finding('fpm/seems-busy', 'info', 'pool www seems busy 2 times in window')
    // Three recorded runs: web02 healthy, then saturated and busy, then only saturated (7 times: the same finding).
    const t1 = advanceTimeline(null, run([]), new Date('2026-12-04T10:00:00Z'))
    const t2 = advanceTimeline(t1, run([saturated, busy]), new Date('2026-12-04T11:00:00Z'))
    const again = {...saturated, message: 'pool www reached pm.max_children (5) 7 times in window'}
    const t3: Timeline = advanceTimeline(t2, run([again]), new Date('2026-12-04T12:00:00Z'))

    it('records when each finding appeared and when it went away', () => {
      expect(t3.runs).toEqual(['2026-12-04T10:00:00.000Z', '2026-12-04T11:00:00.000Z', '2026-12-04T12:00:00.000Z'])
      expect(t3.hosts.web01).toEqual([])
      const entries = t3.hosts.web02.map((e) => [e.check, e.firstSeen, e.lastSeen, e.resolvedAt])
      expect(entries).toEqual([
        ['fpm/max-children-reached', '2026-12-04T11:00:00.000Z', '2026-12-04T12:00:00.000Z', null],
        ['fpm/seems-busy', '2026-12-04T11:00:00.000Z', '2026-12-04T11:00:00.000Z', '2026-12-04T12:00:00.000Z'],
      ])
      expect(t3.hosts.web02[0].message).toContain('7 times')
      // The file written is read back as it was; a malformed one is refused.
      expect(parseTimeline(JSON.parse(JSON.stringify(t3)), 'f')).toEqual(JSON.parse(JSON.stringify(t3)))
      expect(() => parseTimeline({...t3, runs: ['yesterday']}, 'f')).toThrow(/run timeline f: runs/)
    })

    it('is saved under timelines/, named as the run file, and read back; a damaged file is refused, not overwritten', async () => {
      const stateDir = mkdtempSync(path.join(tmpdir(), 'fleet-timeline-'))
      try {
        const where = {stateDir, key: 'abcdef0123456789abcdef01', label: 'inv.yml_all'}
        expect(await loadTimeline(where.key, where)).toBeNull()
        await saveTimeline(t3, where)
        expect(timelineFile(stateDir, where.key, where.label)).toBe(path.join(stateDir, 'timelines', 'inv.yml_all.abcdef0123456789abcdef01.json'))
        expect(JSON.stringify(await loadTimeline(where.key, where))).toBe(JSON.stringify(t3))
        writeFileSync(timelineFile(stateDir, where.key, where.label), '{"version":1,"runs":[],"hosts":{"web01":[{"id":"x"}]}}')
        await expect(loadTimeline(where.key, where)).rejects.toThrow(/run timeline .*timelines\/inv\.yml_all\.[0-9a-f]+\.json: hosts\["web01"\]\[0\]: expected/)
      } finally {
        rmSync(stateDir, {recursive: true, force: true})
      }
    })

    it('an unreachable host keeps its timeline', () => {
      const down = run([])
      down.hosts[1] = {...down.hosts[1], status: 'unreachable', error: {kind: 'timeout', message: 'timed out'}, findings: []}
      const t4 = advanceTimeline(t3, down, new Date('2026-12-04T13:00:00Z'))
      expect(t4.hosts.web02.find((e) => e.check === 'fpm/max-children-reached')?.resolvedAt).toBeNull()
    })

    it('renders a timeline per host with the appearance and the disappearance', () => {
      const html = getFormatter('html').render(run([again]), {timeline: t3})
      // Self-contained: no link element, no src or href but in-page anchors.
      expect(html).not.toMatch(/<link\b/i)
      expect(html).not.toMatch(/<[^>]*\s(src|href)\s*=\s*(?!["']?#)[^>]*>/i)
      const section = html.slice(html.indexOf('<h2>Timeline</h2>'))
      expect(section).toContain('3 recorded runs, 2026-12-04 10:00:00Z to 2026-12-04 12:00:00Z')
      expect(section).toContain('<h3>web02</h3>')
      expect(section).not.toContain('<h3>web01</h3>')
      const rows = [...section.matchAll(/<tr class="([^"]*)"[^>]*>(.*?)<\/tr>/g)].map((m) => [m[1], m[2].replace(/<[^>]+>/g, '|').replace(/\|+/g, '|')])
      expect(rows).toEqual([
        ['tl-entry', '|fpm/max-children-reached| |pool www reached pm.max_children (5) 7 times in window|appeared 2026-12-04 11:00:00Z|still present|'],
        ['tl-entry tl-gone', '|fpm/seems-busy| |pool www seems busy 2 times in window|appeared 2026-12-04 11:00:00Z|gone 2026-12-04 12:00:00Z|'],
      ])
      // Bars start at the run that first had the finding: halfway through the three runs.
      expect(section).toMatch(/class="tl-bar sev-warning" style="left:50\.0%;width:max\(4px, 50\.0%\)"/)
      expect(section).toMatch(/class="tl-bar sev-info" style="left:50\.0%;width:max\(4px, 50\.0%\)"/)
    })

    it('escapes host text in the timeline', () => {
      const hostile = advanceTimeline(null, run([finding('fpm/child-killed', 'warning', '<img src=x onerror=alert(1)>\u202e')]), new Date('2026-12-04T10:00:00Z'))
      const html = getFormatter('html').render(run([]), {timeline: hostile})
      expect(html).not.toContain('<img')
      expect(html).not.toContain('\u202e')
      expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;\\u{202e}')
    })

    it('is left out when the run did not read history', () => {
      expect(renderHtml(run([again]))).not.toContain('Timeline')
    })
  })
})
