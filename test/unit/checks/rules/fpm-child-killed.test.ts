import {fpmChildKilled} from '../../../../src/checks/rules/fpm-child-killed.js'
import {LAB_LOGS_NOW, later, logFacts, logLines} from '../log-facts.js'
import {describe, expect, it} from 'vitest'

import {factsFrom, ruleTester, run, withLogs} from '../rule-tester.js'

ruleTester(fpmChildKilled, {
  valid: [
    {name: 'healthy host', facts: () => factsFrom('healthy')},
    {name: 'SIGTERM after request_terminate_timeout is FPM\'s own doing', facts: () => logFacts('request-terminated')},
    {name: 'pool saturated, nobody killed', facts: () => logFacts('max-children')},
    {name: 'killed before the window', facts: () => later(logFacts('child-killed'))},
  ],
  invalid: [
    {
      name: 'lab host: kill -9 of a busy worker, kernel log closed',
      facts: () => logFacts('child-killed'),
      errors: [{messageId: 'killed', message: /^pool www: 1 worker died on SIGKILL in the last 1h$/, evidence: /\[pool www\] child \d+ exited on signal 9 \(SIGKILL\)/}],
    },
    {
      name: 'lab host: OOM-killed worker, kernel log readable: correlated by time (the kernel names host pids)',
      facts: () => logFacts('oom-kill'),
      errors: [
        {
          messageId: 'killed',
          message: /^pool www: 1 worker died on SIGKILL in the last 1h; the kernel OOM killer killed 1 php-fpm process at the same time \(system\/oom-kill\)$/,
          evidence: /exited on signal 9 \(SIGKILL\)[\s\S]*Memory cgroup out of memory: Killed process \d+ \(php-fpm8\.2\)/,
        },
      ],
    },
    {
      name: 'same pid in both logs (no pid namespace)',
      facts: () => {
        const facts = logFacts('oom-kill')
        const kill = facts.logs.kernel!.lines.findLast((line) => /Killed process \d+ \(php-fpm8\.2\)/.test(line))!
        const pid = /Killed process (\d+)/.exec(kill)![1]
        facts.logs.fpm = facts.logs.fpm.map((tail) => ({...tail, lines: tail.lines.map((line) => line.replace(/child \d+ exited on signal 9/, `child ${pid} exited on signal 9`))}))
        return facts
      },
      errors: [{messageId: 'killed', message: /the kernel OOM killer killed pid \d+ \(system\/oom-kill\)$/}],
    },
    {
      name: 'lab host: SIGSEGV then SIGBUS to busy workers (crashes): one sample line per signal',
      facts: () => logFacts('fatal-signals'),
      errors: [
        {
          messageId: 'killed',
          message: /^pool www: 2 workers died on SIGSEGV, SIGBUS in the last 1h$/,
          evidence: /exited on signal 11 \(SIGSEGV\)[\s\S]*exited on signal 7 \(SIGBUS\)/,
        },
      ],
    },
    {
      name: 'recorded FPM log: kills in two pools, one finding each',
      facts: () => withLogs(factsFrom('healthy'), {fpm: logLines('fpm-php8.2-fpm.log')}, LAB_LOGS_NOW),
      errors: [
        {messageId: 'killed', message: /^pool slow: 2 workers died on SIGKILL in the last 1h$/},
        {messageId: 'killed', message: /^pool www: 4 workers died on SIGKILL in the last 1h$/},
      ],
    },
  ],
  skipped: [{name: 'FPM log not readable', facts: () => factsFrom('nonroot'), skipped: /no FPM error log could be read/}],
})

describe('fpm/child-killed fix', () => {
  it('names the cause of each signal seen', () => {
    const [finding] = run(fpmChildKilled, logFacts('fatal-signals')).findings
    expect(finding.fix).toMatch(/SIGSEGV is a crash inside PHP/)
    expect(finding.fix).toMatch(/SIGBUS is a bad memory access/)
    expect(finding.fix).not.toMatch(/SIGKILL/)
  })
  it('points at the OOM killer when the kernel log backs the SIGKILL', () => {
    const [finding] = run(fpmChildKilled, logFacts('oom-kill')).findings
    expect(finding.fix).toMatch(/^The workers were OOM-killed/)
  })
})
