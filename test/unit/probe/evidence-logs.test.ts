/** The real probe outputs of the issue 9 layouts (test/fixtures/probe/evidence-*.txt, recorded on lab hosts). */
import {describe, expect, it} from 'vitest'
import {fpmMaxChildrenReached} from '../../../src/checks/rules/fpm-max-children-reached.js'
import {parseProbeOutput} from '../../../src/probe/parse.js'
import {FIXTURE_NONCE, fixtureText, run} from '../checks/rule-tester.js'

const facts = (name: string) => parseProbeOutput(fixtureText(`probe/evidence-${name}.txt`), FIXTURE_NONCE)

describe('issue 9 probe outputs', () => {
  it('rotated: NAME.2.gz and NAME.1 merged oldest first into each log, the warning found in a generation', () => {
    const host = facts('rotated')
    expect(host.logs.fpm.map(({path, generations, truncated}) => ({path, generations, truncated}))).toEqual([
      {path: '/var/log/php8.2-fpm.log', generations: ['/var/log/php8.2-fpm.log.2.gz', '/var/log/php8.2-fpm.log.1'], truncated: false},
    ])
    expect(host.logs.nginxAccess.map(({path, generations}) => ({path, generations}))).toEqual([{path: '/var/log/nginx/access.log', generations: ['/var/log/nginx/access.log.1']}])
    expect(host.partial.filter((fact) => fact.fact.startsWith('log:'))).toEqual([])
  })

  it('journal: the journal-log frames become journal tails of their families', () => {
    const host = facts('journal')
    expect(host.logs.fpm.map(({path, source}) => ({path, source}))).toEqual([
      {path: '/var/log/php8.2-fpm.log', source: undefined},
      {path: 'journalctl -t php-fpm', source: 'journal'},
    ])
    expect(host.logs.nginxError.map(({path}) => path)).toEqual(['/var/log/nginx/error.log', 'journalctl -t nginx'])
    const {findings, skipped} = run(fpmMaxChildrenReached, host)
    expect(skipped).toEqual([])
    expect(findings.map((finding) => finding.message)).toEqual([expect.stringMatching(/^pool www reached pm.max_children \(1\) 1 time in the last 1h/)])
  })
})
