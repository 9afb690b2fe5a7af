import {describe, expect, it} from 'vitest'
import {DUMP_CACHE_ENTRIES, dumpParses, parseNginxDump, parseNginxDumpCached} from '../../../src/nginx/parse-dump.js'
import {dump} from './fixtures.js'

describe('parseNginxDumpCached: each distinct nginx -T dump parsed once per run', () => {
  it('returns the same tree for the same dump text and parses it once', () => {
    const text = dump('shop')
    const before = dumpParses.count
    const first = parseNginxDumpCached(text)
    // Another host's output: equal text, a different string.
    const second = parseNginxDumpCached(`${text.slice(0, 10)}${text.slice(10)}`)
    expect(second).toBe(first)
    expect(dumpParses.count - before).toBe(1)
    expect(first).toEqual(parseNginxDump(text))
  })

  it('parses a changed dump again: a different tree with the change in it', () => {
    const text = dump('laravel')
    const changed = text.replace(/client_max_body_size\s+\S+;|(http \{)/, (m, http) => (http ? `${http}\n    client_max_body_size 77m;` : 'client_max_body_size 77m;'))
    expect(changed).not.toBe(text)
    const a = parseNginxDumpCached(text)
    const before = dumpParses.count
    const b = parseNginxDumpCached(changed)
    expect(dumpParses.count - before).toBe(1)
    expect(b).not.toBe(a)
    expect(JSON.stringify(b.tree)).toContain('77m')
    expect(JSON.stringify(a.tree)).not.toContain('77m')
  })

  it('shares a frozen tree: a change through one host\'s facts throws instead of reaching another host', () => {
    const config = parseNginxDumpCached(dump('debian-default'))
    expect(() => config.tree.push(config.tree[0])).toThrow(TypeError)
    expect(() => {
      config.tree[0].args[0] = 'changed'
    }).toThrow(TypeError)
    expect(() => {
      ;(config.files[0] as {file: string}).file = '/elsewhere'
    }).toThrow(TypeError)
    expect(parseNginxDumpCached(dump('debian-default'))).toEqual(parseNginxDump(dump('debian-default')))
  })

  it(`keeps at most ${DUMP_CACHE_ENTRIES} dumps: the least recently used is parsed again`, () => {
    const base = dump('debian-default')
    const variant = (i: number) => `${base}\n# configuration file /etc/nginx/conf.d/v${i}.conf:\n# ${i}\n`
    for (let i = 0; i <= DUMP_CACHE_ENTRIES; i++) parseNginxDumpCached(variant(i))
    let before = dumpParses.count
    parseNginxDumpCached(variant(DUMP_CACHE_ENTRIES))
    expect(dumpParses.count - before).toBe(0)
    before = dumpParses.count
    parseNginxDumpCached(variant(0))
    expect(dumpParses.count - before).toBe(1)
  })
})
