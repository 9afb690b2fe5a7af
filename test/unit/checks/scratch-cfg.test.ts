import {it} from 'vitest'
import {run, factsFrom} from './rule-tester.js'
import {configFacts} from './config-facts.js'
import {fpmConfigInvalid} from '../../../src/checks/rules/fpm-config-invalid.js'
import {upstreamSocketMismatch} from '../../../src/checks/rules/upstream-socket-mismatch.js'
import {upstreamSocketPermission} from '../../../src/checks/rules/upstream-socket-permission.js'
import {timeoutsOrder} from '../../../src/checks/rules/timeouts-order.js'
import {fpmMemoryOvercommit} from '../../../src/checks/rules/fpm-memory-overcommit.js'
import {nginxRootInPhpLocation} from '../../../src/checks/rules/nginx-root-in-php-location.js'
import {nginxPhpWithoutTryFiles} from '../../../src/checks/rules/nginx-php-without-try-files.js'
const checks = [fpmConfigInvalid, upstreamSocketMismatch, upstreamSocketPermission, timeoutsOrder, fpmMemoryOvercommit, nginxRootInPhpLocation, nginxPhpWithoutTryFiles]
const names = ['socket-mismatch','socket-mismatch-tcp','socket-permission','fpm-config-invalid','timeouts-order','timeouts-ok','timeout-504','root-in-php-location','no-try-files','memory-overcommit'] as const
it('dump', () => {
  const all: Array<[string, any]> = [...names.map((n) => [n, configFacts(n)] as [string, any]), ...['healthy','fpm-stopped','nginx-stopped','socket-missing','no-systemd','nonroot','nginx-syntax-error'].map((n) => ['probe/' + n, factsFrom(n)] as [string, any])]
  for (const [n, f] of all) {
    console.log(`##### ${n}  partial=${JSON.stringify(f.partial)}`)
    for (const c of checks) {
      const r = run(c, f)
      for (const x of r.findings) console.log(`  ${x.check} [${x.severity}] ${x.messageId}: ${x.message}\n      ${x.evidence.join('\n      ')}`)
      for (const s of r.skipped) console.log(`  ${c.meta.id} SKIP ${s}`)
    }
  }
})
