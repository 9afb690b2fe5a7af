import {it} from 'vitest'
import {parseProbeOutput} from '../../../src/probe/parse.js'
import {runChecks} from '../../../src/checks/run-checks.js'
import {readFileSync, readdirSync} from 'node:fs'
import {fpmMaxChildrenReached} from '../../../src/checks/rules/fpm-max-children-reached.js'
import {fpmSeemsBusy} from '../../../src/checks/rules/fpm-seems-busy.js'
import {fpmRequestTerminated} from '../../../src/checks/rules/fpm-request-terminated.js'
import {fpmChildKilled} from '../../../src/checks/rules/fpm-child-killed.js'
import {fpmSlowRequests} from '../../../src/checks/rules/fpm-slow-requests.js'
import {systemOomKill} from '../../../src/checks/rules/system-oom-kill.js'
import {upstreamRefused} from '../../../src/checks/rules/upstream-refused.js'
import {upstreamBacklogFull} from '../../../src/checks/rules/upstream-backlog-full.js'
import {nginxUpstreamErrors} from '../../../src/checks/rules/nginx-upstream-errors.js'
import {nginxHeaderBuffers} from '../../../src/checks/rules/nginx-header-buffers.js'
const checks = [fpmMaxChildrenReached, fpmSeemsBusy, fpmRequestTerminated, fpmChildKilled, fpmSlowRequests, systemOomKill, upstreamRefused, upstreamBacklogFull, nginxUpstreamErrors, nginxHeaderBuffers]
it('dump', () => {
  const dirs = ['test/fixtures/probe/', 'test/fixtures/checks/logs/']
  for (const dir of dirs) for (const f of readdirSync(dir).filter((f) => f.endsWith('.txt') && !/^(proc|ss)-/.test(f))) {
    const facts = parseProbeOutput(readFileSync(dir + f, 'utf8'), 'fx0nce7q2')
    const out = runChecks(checks, facts)
    console.log(`===== ${f}`)
    for (const x of out.findings) console.log(`  [${x.severity}] ${x.check}/${x.messageId}: ${x.message}\n     ev: ${x.evidence.join('\n         ')}`)
    for (const s of out.skipped) console.log(`  SKIP ${s.check}: ${s.reason}`)
  }
})
