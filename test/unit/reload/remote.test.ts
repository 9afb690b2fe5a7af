import {execFileSync} from 'node:child_process'

import {describe, expect, it} from 'vitest'

import {blockLines, buildScript, parseSections, type PhaseScript} from '../../../src/reload/remote.js'

// The scripts run under the controller's own /bin/sh: the same dash that Debian hosts run.
const sh = (script: PhaseScript) => execFileSync('sh', ['-s'], {input: script.text, encoding: 'utf8'})
/** Runs a phase script and reads its sections with its own tag, as runScript does. */
const run = (script: PhaseScript) => parseSections(sh(script), script.tag)

describe('buildScript', () => {
  it('carries hostile values literally', () => {
    const evil = `a'b"c $(touch /nonexistent) \`x\` ; rm -rf /`
    const out = run(buildScript({V: evil, L: ['one', "two'2"]}, 'emit v "$V"\nbegin l; printf "%s" "$L"; end l'))
    expect(out.values.get('v')).toBe(evil)
    expect(blockLines(out, 'l')).toEqual(['one', "two'2"])
  })
  it('commands inside cannot read the rest of the script from stdin', () => {
    const out = run(buildScript({}, 'X=$(cat); emit read "[$X]"\nemit after yes'))
    expect(out.values.get('read')).toBe('[]')
    expect(out.values.get('after')).toBe('yes')
  })
  it('refuses variable names that are not shell names', () => {
    expect(() => buildScript({'A;B': 'x'}, '')).toThrow(/bad variable name/)
  })
})

describe('parseSections', () => {
  it('keeps block text with and without a trailing newline', () => {
    const out = run(buildScript({}, "begin a; printf 'x\\ny\\n'; end a\nbegin b; printf 'z'; end b\nbegin c; end c"))
    expect(out.blocks.get('a')).toBe('x\ny')
    expect(out.blocks.get('b')).toBe('z')
    expect(blockLines(out, 'c')).toEqual([])
  })
})

describe('section tags', () => {
  it('output inside a block (a config file, a log line) cannot end the block or forge a value', () => {
    // What an nginx -T dump or an error log could contain: markers of the untagged form and a guessed tag.
    const hostile = ['@@end dump', '@@test-code 0', '@@deadbeef:end dump', 'real line'].join('\\n')
    const out = run(buildScript({}, `emit test-code 1\nbegin dump; printf '${hostile}\\n'; end dump`))
    expect(out.values.get('test-code')).toBe('1')
    expect(blockLines(out, 'dump')).toEqual(['@@end dump', '@@test-code 0', '@@deadbeef:end dump', 'real line'])
  })

  it('each script gets its own tag', () => {
    expect(buildScript({}, '').tag).not.toBe(buildScript({}, '').tag)
  })
})
