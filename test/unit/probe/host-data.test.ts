// What the probe says about host data it did not trust or did not read, as the parser surfaces it.
import {describe, expect, it} from 'vitest'
import {parseProbeOutput} from '../../../src/probe/parse.js'

const N = 'n0nce1'

/** A probe output built from frames: [name, attrs, body, rc, stderr?]. */
function output(frames: Array<[string, string, string, number, string?]>): string {
  const out: string[] = []
  for (const [name, attrs, body, rc, stderr] of frames) {
    out.push(`==FLEET ${N} BEGIN ${name}${attrs ? ` ${attrs}` : ''}==`, body, `==FLEET ${N} END ${name} rc=${rc}==`)
    if (stderr !== undefined) out.push(`==FLEET ${N} BEGIN ${name}.stderr${attrs ? ` ${attrs}` : ''}==`, stderr, `==FLEET ${N} END ${name}.stderr rc=0==`)
  }
  out.push(`==FLEET ${N} BEGIN done==`, '', `==FLEET ${N} END done rc=0==`)
  return out.join('\n') + '\n'
}

const SYSTEM: [string, string, string, number] = ['system', '', 'hostname=h1\nnow=1700000000\nutc_offset=+0000\nkernel=6\ninit=systemd\nuid=0\nuser=root\nwindow=3600\nmax_log_bytes=262144', 0]
const MAIN = '/etc/php/8.2/fpm/php-fpm.conf'
const COPY = '/tmp/tmp.Ab12Cd/fpm.conf'

describe('FPM -tt run on the probe\'s test copy', () => {
  it('names the real main conf again in test errors (copy= and main= on the frame)', () => {
    const facts = parseProbeOutput(
      output([
        SYSTEM,
        ['fpm', `name=php-fpm8.2 unit=php8.2-fpm path=/usr/sbin/php-fpm8.2 version=8.2 main=${MAIN} master=verified`, '', 0],
        [
          'fpm-tt',
          `name=php-fpm8.2 copy=${COPY} main=${MAIN}`,
          '',
          78,
          `[04-Dec-2026 10:00:00] ERROR: [${COPY}:7] unknown entry 'pm.max_chidlren'\n[04-Dec-2026 10:00:00] ERROR: failed to load configuration file '${COPY}'\n[04-Dec-2026 10:00:00] ERROR: FPM initialization failed`,
        ],
      ]),
      N,
    )
    const stderr = facts.fpm[0].test?.stderr ?? ''
    expect(stderr).toContain(`[${MAIN}:7] unknown entry`)
    expect(stderr).toContain(`configuration file '${MAIN}'`)
    expect(stderr).not.toContain(COPY)
  })

  it('leaves the output alone when the frame names no copy (older probes rewrote it themselves)', () => {
    const facts = parseProbeOutput(
      output([SYSTEM, ['fpm', 'name=php-fpm8.2 unit=php8.2-fpm path=/usr/sbin/php-fpm8.2 version=8.2', '', 0], ['fpm-tt', 'name=php-fpm8.2', '', 78, `ERROR: [${MAIN}:7] x`]]),
      N,
    )
    expect(facts.fpm[0].test?.stderr).toBe(`ERROR: [${MAIN}:7] x`)
  })
})

describe('a process titled as an FPM master', () => {
  const fpmFrame = (master: string): [string, string, string, number] => ['fpm', `name=php-fpm8.2 unit=php8.2-fpm path=/usr/sbin/php-fpm8.2 version=8.2 main=${MAIN} master=${master}`, '', 0]

  it('is host/partial when a non-root probe could not verify it (its config path was not used)', () => {
    const facts = parseProbeOutput(output([SYSTEM, fpmFrame('unverified')]), N)
    const p = facts.partial.find((x) => x.fact === 'fpm-master:php-fpm8.2')
    expect(p?.reason).toMatch(/not root/)
    expect(p?.reason).toContain(MAIN)
  })

  it('says nothing when it was verified, or ignored as a fake or a container\'s master', () => {
    for (const master of ['verified', 'ignored']) {
      const facts = parseProbeOutput(output([SYSTEM, fpmFrame(master)]), N)
      expect(facts.partial.map((x) => x.fact)).not.toContain('fpm-master:php-fpm8.2')
    }
  })
})

describe('a log path the probe did not read', () => {
  it('is host/partial naming the path and why (a FIFO where a log should be)', () => {
    const facts = parseProbeOutput(output([SYSTEM, ['log', 'kind=nginx-error path=/var/log/nginx/error.log', '', 1, 'not a regular file (fifo), not read']]), N)
    expect(facts.logs.nginxError).toEqual([])
    expect(facts.partial).toContainEqual({fact: 'log:/var/log/nginx/error.log', reason: 'not a regular file (fifo), not read'})
  })
})

describe('names a host chose that are also Object.prototype\'s', () => {
  it('a user called constructor or __proto__ is a user, and an absent one is absent', () => {
    const facts = parseProbeOutput(output([SYSTEM, ['users', '', '__proto__ uid=1001(__proto__) gid=1001(__proto__) groups=1001(__proto__)', 0]]), N)
    expect(facts.users['__proto__']).toEqual({uid: 1001, gid: 1001, groups: ['__proto__']})
    expect(facts.users['constructor']).toBeUndefined()
    expect(facts.users['toString']).toBeUndefined()
  })
})
