/** Facts from the probe outputs recorded for the configuration checks (test/fixtures/checks/config/record.sh). */
import type {HostFacts} from '../../../src/probe/facts.js'
import {parseProbeOutput} from '../../../src/probe/parse.js'
import {FIXTURE_NONCE, fixtureText} from './rule-tester.js'

export type ConfigScenario =
  | 'socket-mismatch'
  | 'socket-mismatch-tcp'
  | 'socket-permission'
  | 'fpm-config-invalid'
  | 'timeouts-order'
  | 'timeouts-ok'
  | 'timeout-504'
  | 'root-in-php-location'
  | 'no-try-files'
  | 'php-guards'
  | 'memory-overcommit'

/** A fresh object each call, like factsFrom(). */
export function configFacts(name: ConfigScenario): HostFacts {
  return structuredClone(parseProbeOutput(fixtureText(`checks/config/${name}.txt`), FIXTURE_NONCE))
}
