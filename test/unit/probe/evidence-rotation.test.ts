// Rotated generations (contract item 3), evidence.sh run for real with sh on a temp dir: read
// only when the current file fit in MAXLOG and the generation is inside the window; N+1 only
// after N was read whole; all generations share what MAXLOG leaves; .gz bodies decompressed.
import {spawnSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {gzipSync} from 'node:zlib'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {type Frame, splitFrames} from '../../../src/probe/frames.js'
import {PROBE_HELPERS} from './probe-helpers.js'
import {loadEvidenceScript} from '../../../src/probe/script.js'

const NONCE = 'evr0t4te'
const MAXLOG = 100
const line = (c: string, n: number) => `${c.repeat(n - 1)}\n`

let dir = ''
let gens: Frame[] = []

describe.skipIf(process.platform !== 'linux' || spawnSync('sh', ['-c', 'command -v gzip']).status !== 0)('evidence.sh rotated generations', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'fleet-evr-'))
    const T = join(dir, 't')
    const L = join(dir, 'logs')
    mkdirSync(T)
    mkdirSync(L)
    const put = (name: string, data: string | Buffer) => writeFileSync(join(L, name), data)
    // a: 40 + 30 read whole, .2.gz (50 decompressed) cut at the 30 left, .3.gz never read.
    put('a.log', line('a', 40))
    put('a.log.1', line('b', 30))
    put('a.log.2.gz', gzipSync(line('c', 25) + line('d', 25)))
    put('a.log.3.gz', gzipSync(line('e', 5)))
    // b: the current file alone is over MAXLOG: the window is already cut, no generation.
    put('b.log', line('f', 150))
    put('b.log.1', line('g', 5))
    // c: the generation is older than the window.
    put('c.log', line('h', 10))
    put('c.log.1', line('i', 10))
    const old = Date.now() / 1000 - 7200
    utimesSync(join(L, 'c.log.1'), old, old)
    // d: compress without delaycompress: NAME.1.gz.
    put('d.log', line('j', 10))
    put('d.log.1.gz', gzipSync(line('k', 20)))
    writeFileSync(join(T, 'dump'), '')
    writeFileSync(join(T, 'fpm'), '')
    writeFileSync(join(T, 'services'), '')
    writeFileSync(join(T, 'logpaths'), ['a', 'b', 'c', 'd'].map((n) => `nginx-error ${L}/${n}.log ${n === 'b' ? 150 : n === 'a' ? 40 : 10}\n`).join(''))
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      N: NONCE,
      NOW: String(Math.floor(Date.now() / 1000)),
      WINDOW: '3600',
      MAXLOG: String(MAXLOG),
      TO: '',
      T,
      SYSTEMD: 'no',
      NGINX: '',
      LC_ALL: 'C',
    }
    const r = spawnSync('sh', ['-c', `${PROBE_HELPERS}\n${loadEvidenceScript()}\nevidence`], {env, encoding: 'utf8', timeout: 60_000})
    expect(r.status).toBe(0)
    gens = splitFrames(r.stdout, NONCE).filter((f) => f.name === 'log')
  })
  afterAll(() => {
    if (dir) rmSync(dir, {recursive: true, force: true})
  })

  const of = (n: string) => gens.filter((f) => f.attrs.of === join(dir, 'logs', `${n}.log`)).map((f) => ({...f.attrs, body: f.body, rc: f.rc}))

  it('shares MAXLOG over the generations, reads N+1 only after N whole, cuts the last one and says its size', () => {
    const a = of('a').map(({path, gen, gz, size, body, rc}) => ({path: path.split('/').pop(), gen, gz, size, body, rc}))
    expect(a).toEqual([
      {path: 'a.log.1', gen: '1', gz: undefined, size: '30', body: line('b', 30), rc: 0},
      // 30 bytes were left: the tail of the decompressed 50; size is 31, "more than was read".
      {path: 'a.log.2.gz', gen: '2', gz: '1', size: '31', body: line('c', 25).slice(-5) + line('d', 25), rc: 0},
    ])
  })

  it('reads no generation when the current file did not fit, or when the generation is older than the window', () => {
    expect(of('b')).toEqual([])
    expect(of('c')).toEqual([])
  })

  it('reads NAME.1.gz as generation 1', () => {
    expect(of('d').map(({gen, gz, size, body}) => ({gen, gz, size, body}))).toEqual([{gen: '1', gz: '1', size: '20', body: line('k', 20)}])
  })
})
