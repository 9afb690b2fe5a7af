import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {defaultStateDir, runFile, selectionKey} from '../../../src/history/paths.js'

describe('defaultStateDir', () => {
  it.each([
    [{XDG_STATE_HOME: '/srv/state'}, '/home/op', '/srv/state/fleet'],
    [{}, '/home/op', '/home/op/.local/state/fleet'],
    [{XDG_STATE_HOME: 'relative/dir'}, '/home/op', '/home/op/.local/state/fleet'],
    [{XDG_STATE_HOME: ''}, '/home/op', '/home/op/.local/state/fleet'],
  ])('%j with home %s => %s', (env, home, expected) => {
    expect(defaultStateDir(env, home)).toBe(expected)
  })
})

describe('selectionKey', () => {
  it('depends on the inventory path and the selection, not on selection order', () => {
    const a = selectionKey('inv/hosts.yml', 'web*')
    expect(a).toMatch(/^[0-9a-f]{24}$/)
    expect(selectionKey(path.resolve('inv/hosts.yml'), 'web*')).toBe(a)
    expect(selectionKey('inv/other.yml', 'web*')).not.toBe(a)
    expect(selectionKey('inv/hosts.yml', 'db*')).not.toBe(a)
    expect(selectionKey('inv/hosts.yml', ['prod', 'web'])).toBe(selectionKey('inv/hosts.yml', ['web', 'prod']))
  })

  it('refuses keys that could escape the state directory', () => {
    expect(() => runFile('/state', '../../etc/passwd')).toThrow(/invalid history key/)
    expect(runFile('/state', 'abcdef0123456789')).toBe(path.join('/state', 'runs', 'abcdef0123456789.json'))
  })
})
