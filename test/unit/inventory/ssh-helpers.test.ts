import {describe, expect, test} from 'vitest'
import {proxyJumpFromSshArgs, shellWords} from '../../../src/inventory/ssh-args.js'
import {matchPatternList} from '../../../src/inventory/ssh-pattern.js'
import {fnmatchRegExp} from '../../../src/inventory/fnmatch.js'
import {splitPatterns} from '../../../src/inventory/host-pattern.js'

describe('proxyJumpFromSshArgs', () => {
  test.each([
    ['-o ProxyJump=ops@bastion:2222', 'ops@bastion:2222'],
    ['-o StrictHostKeyChecking=no -J jump1,jump2', 'jump1,jump2'],
    ['-Jjump', 'jump'],
    ['-oProxyJump=j', 'j'],
    ["-o 'ProxyJump j3'", 'j3'],
    ['-o ProxyCommand="ssh -W %h:%p -q bastion"', 'bastion'],
    ['-o ProxyCommand="ssh -l ops -p 2200 -W %h:%p bastion"', 'ops@bastion:2200'],
    ['-o ProxyCommand="nc -X 5 -x proxy:1080 %h %p"', undefined],
    ['-o ControlMaster=auto', undefined],
  ])('%s', (args, jump) => {
    expect(proxyJumpFromSshArgs(args)).toBe(jump)
  })

  test('shellWords handles quotes and escapes', () => {
    expect(shellWords(`a "b c" 'd "e"' f\\ g ""`)).toEqual(['a', 'b c', 'd "e"', 'f g', ''])
  })
})

describe('OpenSSH pattern lists', () => {
  test.each([
    [['*.example.com'], 'web.example.com', true],
    [['*.example.com'], 'example.com', false],
    [['web?'], 'web1', true],
    [['web?'], 'web', false],
    [['10.0.0.*', '!10.0.0.1'], '10.0.0.1', false],
    [['10.0.0.*', '!10.0.0.1'], '10.0.0.2', true],
    [['!10.0.0.1'], '10.0.0.2', false],
    [['WEB1'], 'web1', true],
  ])('%j ~ %s', (patterns, host, hit) => {
    expect(matchPatternList(patterns, host)).toBe(hit)
  })
})

describe('fnmatch globs and pattern splitting', () => {
  test.each([
    ['web[!1]*', 'web2.x', true],
    ['web[!1]*', 'web1.x', false],
    ['a.b', 'axb', false],
    ['[', '[', true],
    ['w?b', 'web', true],
  ])('%s ~ %s', (glob, name, hit) => {
    expect(fnmatchRegExp(glob).test(name)).toBe(hit)
  })

  test('colons inside subscripts do not split', () => {
    expect(splitPatterns('web[0:2]:db:&east:!~x')).toEqual(['web[0:2]', 'db', '&east', '!~x'])
    expect(splitPatterns('a, b,c')).toEqual(['a', 'b', 'c'])
  })
})
