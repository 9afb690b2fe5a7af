import {describe, expect, it} from 'vitest'
import {mdText, renderMarkdown} from '../../../../src/report/formats/markdown.js'
import {finding, HOSTILE, labFleet, oneHost} from '../../../fixtures/report/fleet.js'

describe('markdown', () => {
  it('renders a GFM table with one row per host and the findings by check', () => {
    const md = renderMarkdown(labFleet())
    const rows = md.split('\n').filter((l) => l.startsWith('| '))
    expect(rows).toHaveLength(10)
    for (const row of rows) expect(row.split(/(?<!\\)\|/).length - 2).toBe(8)
    expect(md).toContain('### critical: `fpm/service-down`')
    expect(md).toContain('- **web\\[04-05\\]**: php8.2-fpm.service is inactive \\(dead\\), nginx passes to it')
  })

  it('keeps cells intact and markup inert', () => {
    const md = renderMarkdown(oneHost([finding('fpm/child-killed', 'warning', 'a|b <img src=x onerror=alert(1)> `x`', {evidence: ['```', HOSTILE]})], {cause: 'c|d'}))
    const row = md.split('\n').find((l) => l.startsWith('| web01'))
    expect(row?.split(/(?<!\\)\|/).length).toBe(10)
    expect(md).not.toContain('<img')
    expect(md).not.toContain('\u001b')
    // The evidence fence is longer than the backtick run inside it.
    expect(md).toContain('  ````\n  ```\n')
  })

  it.each([
    ['a|b', 'a\\|b'],
    ['*bold*', '\\*bold\\*'],
    ['<b>', '&lt;b&gt;'],
  ])('mdText(%j) = %j', (input, expected) => {
    expect(mdText(input)).toBe(expected)
  })
})
