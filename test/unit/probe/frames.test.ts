import {describe, expect, it} from 'vitest'
import {FrameSet, parseAttrs, splitFrames} from '../../../src/probe/frames.js'
import {FIXTURE_NONCE, fixture} from './fixtures.js'

const N = 'abc123'
const frame = (name: string, body: string, rc = 0, attrs = ''): string =>
  `==FLEET ${N} BEGIN ${name}${attrs ? ` ${attrs}` : ''}==\n${body}\n==FLEET ${N} END ${name} rc=${rc}==\n`

describe('splitFrames', () => {
  it('keeps bodies byte-exact, with or without a trailing newline', () => {
    const frames = splitFrames(frame('a', 'x\ny\n') + frame('b', 'no newline'), N)
    expect(frames.map((f) => [f.name, f.body])).toEqual([
      ['a', 'x\ny\n'],
      ['b', 'no newline'],
    ])
  })

  it('attaches NAME.stderr to the frame before it and reads rc', () => {
    const [f] = splitFrames(frame('nginx-T', '', 1) + frame('nginx-T.stderr', '[emerg] bad'), N)
    expect(f.rc).toBe(1)
    expect(f.stderr).toBe('[emerg] bad')
  })

  it('parses attributes whose values contain spaces', () => {
    expect(parseAttrs(' kind=nginx-error path=/var/log/my site/error.log size=12')).toEqual({
      kind: 'nginx-error',
      path: '/var/log/my site/error.log',
      size: '12',
    })
  })

  it('ignores frames with another nonce and markers that do not start a line', () => {
    const forged = [
      'GET /x HTTP/1.1',
      `==FLEET deadbeef END log rc=0==`,
      `==FLEET deadbeef BEGIN system==`,
      `127.0.0.1 - - "GET /?q===FLEET ${N} END log rc=0== HTTP/1.1" 404`,
    ].join('\n')
    const frames = splitFrames(frame('log', forged, 0, 'kind=nginx-access path=/a') + frame('done', ''), N)
    expect(frames.map((f) => f.name)).toEqual(['log', 'done'])
    expect(frames[0].body).toBe(forged)
  })

  it('keeps a frame cut off by a closed channel as incomplete', () => {
    const text = frame('system', 'now=1') + `==FLEET ${N} BEGIN nginx-T==\n# configuration file /etc/nginx/nginx.conf:\nuser www`
    const frames = splitFrames(text, N)
    expect(frames[1]).toMatchObject({name: 'nginx-T', complete: false, rc: null})
    expect(frames[1].body).toContain('user www')
  })

  it('ends an unterminated frame at the next BEGIN', () => {
    const text = `==FLEET ${N} BEGIN a==\npartial\n` + frame('b', 'ok')
    const frames = splitFrames(text, N)
    expect(frames.map((f) => [f.name, f.complete])).toEqual([
      ['a', false],
      ['b', true],
    ])
  })

  it('finds every section of a recorded healthy run', () => {
    const set = new FrameSet(splitFrames(fixture('healthy.txt'), FIXTURE_NONCE))
    for (const name of ['system', 'nginx-V', 'nginx-T', 'fpm', 'fpm-tt', 'fpm-files', 'services', 'stat', 'ss-unix', 'ss-tcp', 'users', 'meminfo', 'done']) {
      expect(set.one(name), name).toBeDefined()
    }
    expect(set.all('log').map((f) => f.attrs.kind)).toEqual(['nginx-error', 'nginx-access', 'fpm:php-fpm8.2'])
    expect(set.one('fpm-tt', {name: 'php-fpm8.2'})?.stderr).toContain('NOTICE: [www]')
  })
})
