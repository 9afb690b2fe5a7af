/** A hostile host's config values (test/fixtures/probe/hostile.txt: escapes, control bytes) reach the terminal only escaped. */
import {describe, expect, it} from 'vitest'

import {compareEntries} from '../../../src/diff/compare.js'
import {configEntries} from '../../../src/diff/config-entries.js'
import {renderDiff} from '../../../src/diff/render.js'
import {factsFrom} from '../checks/rule-tester.js'

describe('fleet diff against a hostile host', () => {
  it('prints its values with no raw control character', () => {
    // Against a host where every value differs, every entry is shown with FILE:LINE (the hostile file names).
    const hostile = configEntries(factsFrom('hostile'))
    const other = new Map([...hostile].map(([key, entry]) => [key, {...entry, values: entry.values.map((value) => ({...value, value: `${value.value}-`}))}]))
    const differences = compareEntries(hostile, other)
    expect(differences.length).toBeGreaterThan(0)
    // The raw values do carry control bytes: the test is about the rendering.
    const raw = differences.flatMap((difference) => [difference.context, difference.setting, ...[...(difference.a ?? []), ...(difference.b ?? [])].flatMap((value) => [value.value, value.at])])
    // eslint-disable-next-line no-control-regex
    expect(raw.join('\n')).toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/)
    const text = renderDiff({version: 1, hosts: ['evil', 'web01'], equal: false, differences})
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/)
  })
})
