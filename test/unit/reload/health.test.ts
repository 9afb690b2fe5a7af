import {describe, expect, it} from 'vitest'

import {healthRegressions, parseProbeLines, sameOrBetter, statusClass, validHealthPath} from '../../../src/reload/health.js'

describe('status classes', () => {
  it('maps codes and no-answer', () => {
    expect([200, 302, 404, 502, 0, 999].map(statusClass)).toEqual(['2xx', '3xx', '4xx', '5xx', 'error', 'error'])
  })
  it('accepts the same class or a move to a good class, nothing worse', () => {
    expect(sameOrBetter('2xx', '2xx')).toBe(true)
    expect(sameOrBetter('4xx', '2xx')).toBe(true)
    expect(sameOrBetter('2xx', '4xx')).toBe(false)
    expect(sameOrBetter('2xx', '3xx')).toBe(false)
    expect(sameOrBetter('4xx', '5xx')).toBe(false)
    expect(sameOrBetter('5xx', 'error')).toBe(false)
  })
})

describe('probe lines', () => {
  const before = parseProbeLines(['http|127.0.0.1|80|shop.test|/|200', 'http|127.0.0.1|80|api.test|/|404', 'bad line'])
  it('parses results, a missing code is no answer', () => {
    expect(before).toHaveLength(2)
    expect(parseProbeLines(['https|::1|443|x.test|/h|'])[0]).toMatchObject({status: 0, class: 'error', target: {scheme: 'https', port: 443}})
  })
  it('names each regressed probe with both statuses', () => {
    const after = parseProbeLines(['http|127.0.0.1|80|shop.test|/|404', 'http|127.0.0.1|80|api.test|/|200'])
    expect(healthRegressions(before, after)).toEqual(['health http://shop.test:80/: 200 before, 404 after'])
  })
})

describe('--health paths', () => {
  it.each([['/healthz', true], ['/a/b?x=1', true], ['healthz', false], ['/a b', false], ['/a|b', false]])('%s', (p, ok) => {
    expect(validHealthPath(p)).toBe(ok)
  })
})
