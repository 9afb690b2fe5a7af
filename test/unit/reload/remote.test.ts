import {execFileSync} from 'node:child_process'

import {describe, expect, it} from 'vitest'

import {blockLines, buildScript, parseSections} from '../../../src/reload/remote.js'

// The scripts run under the controller's own /bin/sh: the same dash that Debian hosts run.
const sh = (script: string) => execFileSync('sh', ['-s'], {input: script, encoding: 'utf8'})

describe('buildScript', () => {
  it('carries hostile values literally', () => {
    const evil = `a'b"c $(touch /nonexistent) \`x\` ; rm -rf /`
    const out = parseSections(sh(buildScript({V: evil, L: ['one', "two'2"]}, 'emit v "$V"\nbegin l; printf "%s" "$L"; end l')))
    expect(out.values.get('v')).toBe(evil)
    expect(blockLines(out, 'l')).toEqual(['one', "two'2"])
  })
  it('commands inside cannot read the rest of the script from stdin', () => {
    const out = parseSections(sh(buildScript({}, 'X=$(cat); emit read "[$X]"\nemit after yes')))
    expect(out.values.get('read')).toBe('[]')
    expect(out.values.get('after')).toBe('yes')
  })
  it('refuses variable names that are not shell names', () => {
    expect(() => buildScript({'A;B': 'x'}, '')).toThrow(/bad variable name/)
  })
})

describe('parseSections', () => {
  it('keeps block text with and without a trailing newline', () => {
    const out = parseSections(sh(buildScript({}, "begin a; printf 'x\\ny\\n'; end a\nbegin b; printf 'z'; end b\nbegin c; end c")))
    expect(out.blocks.get('a')).toBe('x\ny')
    expect(out.blocks.get('b')).toBe('z')
    expect(blockLines(out, 'c')).toEqual([])
  })
})
