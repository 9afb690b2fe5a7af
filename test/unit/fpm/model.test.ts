import {describe, expect, it} from 'vitest'
import {parseProbeOutput} from '../../../src/probe/parse.js'
import {FIXTURE_NONCE, fixtureText} from '../checks/rule-tester.js'

/**
 * The recorded healthy host as FPM answers -tt when its log_level is above notice:
 * rc 0 and nothing at all on stderr (the dump and "test is successful" are NOTICE lines).
 */
function silentDump(options: {logLevelAttr?: boolean} = {}): string {
  const text = fixtureText('probe/healthy.txt')
  const begin = `==FLEET ${FIXTURE_NONCE} BEGIN fpm-tt.stderr name=php-fpm8.2==\n`
  const end = `==FLEET ${FIXTURE_NONCE} END fpm-tt.stderr rc=0==`
  const from = text.indexOf(begin)
  const to = text.indexOf(end)
  let out = text.slice(0, from + begin.length) + '\n' + text.slice(to)
  if (options.logLevelAttr) out = out.replace(`BEGIN fpm-tt name=php-fpm8.2==`, `BEGIN fpm-tt name=php-fpm8.2 log_level=warning==`)
  return out
}

describe('FPM model: never empty from a successful -tt', () => {
  it('a successful -tt that printed no pool falls back to the conf files, and says so', () => {
    const facts = parseProbeOutput(silentDump(), FIXTURE_NONCE)
    const config = facts.fpm[0].config!
    expect(config.source).toBe('files')
    expect(config.pools.map((pool) => pool.name)).toEqual(['www'])
    expect(config.pools[0].listen).toBe('/run/php/php8.2-fpm.sock')
    expect(facts.partial).toContainEqual({fact: 'fpm-config:php-fpm8.2', reason: expect.stringMatching(/printed no pool .*: pools read from the conf files/)})
  })

  it("the configured log_level the probe overrode for the dump is the model's (fpm-tt log_level=)", () => {
    const facts = parseProbeOutput(silentDump({logLevelAttr: true}), FIXTURE_NONCE)
    expect(facts.fpm[0].config!.global.log_level).toBe('warning')
    expect(facts.partial.find((fact) => fact.fact === 'fpm-config:php-fpm8.2')?.reason).toMatch(/log_level = warning/)
  })

  it('a dump with pools is used as it is', () => {
    const facts = parseProbeOutput(fixtureText('probe/healthy.txt'), FIXTURE_NONCE)
    expect(facts.fpm[0].config!.source).toBe('dump')
    expect(facts.partial.some((fact) => fact.fact.startsWith('fpm-config:'))).toBe(false)
  })
})
