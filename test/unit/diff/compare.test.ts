/** fleet diff's comparison on REAL recorded probe outputs (test/fixtures/checks/config): see config-facts.ts. */
import {describe, expect, it} from 'vitest'

import {compareEntries} from '../../../src/diff/compare.js'
import {configEntries} from '../../../src/diff/config-entries.js'
import {renderDiff} from '../../../src/diff/render.js'
import {configFacts} from '../checks/config-facts.js'

const entries = (name: Parameters<typeof configFacts>[0]) => configEntries(configFacts(name))

describe('fleet diff: compareEntries', () => {
  it('finds nothing between two recordings of the same configuration', () => {
    expect(compareEntries(entries('timeouts-ok'), entries('timeouts-ok'))).toEqual([])
  })

  it('names the directive by context path with the value and FILE:LINE on both sides', () => {
    const differences = compareEntries(entries('timeout-504'), entries('timeouts-ok'))
    const timeout = differences.find((difference) => difference.setting === 'fastcgi_read_timeout')
    expect(timeout?.kind).toBe('nginx')
    expect(timeout?.context).toMatch(/^http > server\[.*\] > location\[.*\]$/)
    expect(timeout?.a).toEqual([{value: '2s', at: expect.stringMatching(/^\/etc\/nginx\/.+:\d+$/)}])
    expect(timeout?.b).toEqual([{value: '30s', at: timeout?.a?.[0].at}])
    const pool = differences.find((difference) => difference.context === 'pool[www]' && difference.setting === 'request_terminate_timeout')
    expect(pool?.b).toEqual([{value: '25s', at: expect.stringMatching(/^\/etc\/php\/8\.2\/fpm\/pool\.d\/www\.conf:\d+$/)}])
    expect(pool?.a?.[0].value).not.toBe('25s')
  })

  it('shows a block one host lacks once, not each directive inside it', () => {
    const a = entries('timeouts-ok')
    const b = entries('timeouts-ok')
    for (const [key, entry] of [...b]) if (entry.kind === 'nginx' && /location\[/.test(`${entry.context} ${entry.setting}`)) b.delete(key)
    const differences = compareEntries(a, b)
    expect(differences.length).toBeGreaterThan(0)
    expect(differences.every((difference) => difference.b === null && /^location\[/.test(difference.setting))).toBe(true)
  })

  it('renders each side with FILE:LINE and escapes what hosts wrote', () => {
    const text = renderDiff({
      version: 1,
      hosts: ['web03', 'web01'],
      equal: false,
      differences: [{kind: 'nginx', context: 'http > server[shop\u001b[2J]', setting: 'fastcgi_read_timeout', a: [{value: '60s', at: '/etc/nginx/a:3'}], b: [{value: '300s', at: '/etc/nginx/a:3'}]}],
    })
    expect(text).toMatch(/^~ nginx http > server\[shop.*\] fastcgi_read_timeout$/m)
    expect(text).toMatch(/^ {4}web03 {2}60s {2}\/etc\/nginx\/a:3$/m)
    expect(text).toMatch(/^ {4}web01 {2}300s {2}\/etc\/nginx\/a:3$/m)
    expect(text).not.toContain('\u001b')
  })
})
