import {fpmConfigInvalid} from '../../../../src/checks/rules/fpm-config-invalid.js'
import type {HostFacts} from '../../../../src/probe/facts.js'
import {configFacts} from '../config-facts.js'
import {factsFrom, fixtureText, ruleTester} from '../rule-tester.js'

/** FPM_EXIT_CONFIG: what `php-fpm8.2 -t` exits with on a bad config (checked on Debian 12). */
const EXIT_CONFIG = 78

/** A healthy host whose FPM test printed a recorded real `php-fpm8.2 -t` failure (test/fixtures/fpm). */
function withTestOutput(fixture: string, exitCode = EXIT_CONFIG): HostFacts {
  const facts = factsFrom('healthy')
  facts.fpm[0].test = {exitCode, stdout: '', stderr: fixtureText(`fpm/${fixture}`)}
  return facts
}

ruleTester(fpmConfigInvalid, {
  valid: [
    {name: 'healthy host (-tt printed the dump and "test is successful")', facts: () => factsFrom('healthy')},
    {name: 'FPM stopped but its config is fine', facts: () => factsFrom('fpm-stopped')},
    {name: 'an unrelated fault: pool listens elsewhere', facts: () => configFacts('socket-mismatch')},
  ],
  invalid: [
    {
      name: 'typo in www.conf, FPM not restarted (probe -tt, exit status lost in its pipeline)',
      facts: () => configFacts('fpm-config-invalid'),
      errors: [
        {
          messageId: 'invalid',
          message: /^php-fpm8\.2 -t fails: unknown entry 'pm\.max_chidlren' in \/etc\/php\/8\.2\/fpm\/pool\.d\/www\.conf:127$/,
          evidence: /ERROR: FPM initialization failed/,
        },
      ],
    },
    {
      name: 'bad time suffix, with the exit status',
      facts: () => withTestOutput('t-bad-time-suffix.txt'),
      errors: [{messageId: 'invalid', message: /unknown suffix used in time value in \/etc\/php\/8\.2\/fpm-broken\/pool\.d\/shop\.conf:6$/}],
    },
    {
      name: 'include glob that matches nothing: FILE:LINE from the include line',
      facts: () => withTestOutput('t-include-relative-error.txt'),
      errors: [{messageId: 'invalid', message: /Unable to globalize '\/usr\/pool\.d\/\*\.conf'.* in \/etc\/php\/8\.2\/fpm-multi\/php-fpm\.conf:9$/}],
    },
    {
      name: 'pool without listen: an ALERT with no FILE:LINE',
      facts: () => withTestOutput('t-no-listen.txt'),
      errors: [{messageId: 'invalid', message: /fails: \[pool shop\] no listen address have been defined!$/, evidence: /ALERT/}],
    },
    {
      name: 'a failing exit status with nothing in zlog format still reports',
      facts: () => {
        const facts = factsFrom('healthy')
        facts.fpm[0].test = {exitCode: 127, stdout: '', stderr: 'sh: 1: php-fpm8.2: not found'}
        return facts
      },
      errors: [{messageId: 'invalid', message: /fails: sh: 1: php-fpm8\.2: not found$/}],
    },
  ],
  skipped: [
    {
      name: 'the test could not be run',
      facts: () => {
        const facts = factsFrom('healthy')
        facts.fpm[0].test = null
        return facts
      },
      skipped: /php-fpm8\.2 -t could not be run/,
    },
  ],
})
