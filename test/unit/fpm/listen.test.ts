import {describe, expect, it} from 'vitest'
import {listenKind} from '../../../src/fpm/listen.js'

describe('listenKind', () => {
  it.each([
    ['/run/php/php8.2-fpm.sock', 'unix'],
    ['run/relative.sock', 'unix'],
    ['9000', 'tcp'],
    ['127.0.0.1:9001', 'tcp'],
    ['[::1]:9000', 'tcp'],
    ['localhost:9000', 'tcp'],
  ])('%s is %s', (listen, kind) => {
    expect(listenKind(listen)).toBe(kind)
  })
})
