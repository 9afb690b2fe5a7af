import {describe, expect, it} from 'vitest'
import {FORMAT_NAMES, getFormatter} from '../../../../src/report/formats/index.js'
import {labFleet} from '../../../fixtures/report/fleet.js'

describe('getFormatter', () => {
  it.each(['table', 'json', 'jsonl', 'junit', 'nagios', 'prometheus', 'markdown', 'html'])('knows %s', (name) => {
    const f = getFormatter(name)
    expect(f.name).toBe(name)
    expect(f.extension).toMatch(/^[a-z]+$/)
    expect(f.render(labFleet(), {}).length).toBeGreaterThan(50)
  })

  it('names the unknown format and the known ones', () => {
    expect(() => getFormatter('yaml')).toThrow(`unknown format "yaml" (known: ${FORMAT_NAMES.join(', ')})`)
  })
})
