// include globs come from a host's config: matching must follow glob(3) and stay linear in the
// pattern times the name, whatever a hostile host writes (a regex of many `*` backtracks).
import {describe, expect, it} from 'vitest'

import {globMatcher} from '../../../src/nginx/glob.js'

/** The regex translation fleet used before, kept here as the reference for well-behaved inputs. */
function referenceRegExp(pattern: string): RegExp {
  const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
  const component = (part: string): string => {
    let re = ''
    for (let i = 0; i < part.length; i++) {
      const c = part[i]
      const first = i === 0
      if (c === '\\' && i + 1 < part.length) re += escapeRe(part[++i])
      else if (c === '*') re += first ? '(?!\\.)[^/]*' : '[^/]*'
      else if (c === '?') re += first ? '(?!\\.)[^/]' : '[^/]'
      else if (c === '[') {
        const bodyStart = i + 1 + (part[i + 1] === '!' || part[i + 1] === '^' ? 1 : 0)
        const close = part.indexOf(']', bodyStart + 1)
        if (close < 0) {
          re += '\\['
          continue
        }
        let body = part.slice(i + 1, close)
        const negate = body[0] === '!' || body[0] === '^'
        if (negate) body = body.slice(1)
        const cls = body.replace(/[\\\]^]/g, '\\$&')
        re += (first ? '(?!\\.)' : '') + (negate ? `[^/${cls}]` : `[${cls}]`)
        i = close
      } else re += escapeRe(c)
    }
    return re
  }
  return new RegExp('^' + pattern.split('/').map(component).join('/') + '$')
}

/** A small deterministic generator, so a failure names a case that can be replayed. */
function* cases(count: number): Generator<[string, string]> {
  let seed = 12345
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31
    return seed % n
  }
  const patternChars = ['a', 'b', '.', '*', '?', '[ab]', '[!a]', '[a-c]', '[]a]', '\\*', '[', '-']
  const nameChars = ['a', 'b', 'c', '.', '*', '[', ']', '-']
  for (let k = 0; k < count; k++) {
    const pattern = Array.from({length: 1 + next(6)}, () => patternChars[next(patternChars.length)]).join('')
    const name = Array.from({length: next(7)}, () => nameChars[next(nameChars.length)]).join('')
    yield [`/e/${pattern}`, `/e/${name}`]
  }
}

describe('include glob matching', () => {
  it('agrees with the glob(3) regex translation on 20,000 generated pattern/name pairs', () => {
    const disagreements: string[] = []
    for (const [pattern, name] of cases(20_000)) {
      if (globMatcher(pattern)(name) !== referenceRegExp(pattern).test(name)) disagreements.push(`${pattern} ~ ${name}`)
    }
    expect(disagreements.slice(0, 10)).toEqual([])
  })

  it('answers a pattern of many stars against a long name (a regex backtracks for ages here)', () => {
    const pattern = `/etc/nginx/${'*a'.repeat(25)}*b`
    const name = `/etc/nginx/${'a'.repeat(60)}`
    expect(globMatcher(pattern)(name)).toBe(false)
    expect(globMatcher(pattern)(`${name}b`)).toBe(true)
  })

  it('never crosses a slash and keeps a leading dot literal', () => {
    expect(globMatcher('/e/*')('/e/s/x')).toBe(false)
    expect(globMatcher('/e/*')('/e/.hidden')).toBe(false)
    expect(globMatcher('/e/.*')('/e/.hidden')).toBe(true)
  })
})
