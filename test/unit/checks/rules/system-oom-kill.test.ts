import {systemOomKill} from '../../../../src/checks/rules/system-oom-kill.js'
import {later, logFacts, logLines} from '../log-facts.js'
import {factsFrom, ruleTester, withLogs} from '../rule-tester.js'

// dmesg -T of the recorded OOM kill, read on a UTC host just after it happened.
const DMESG_NOW = Date.UTC(2026, 10, 25, 18, 20, 0) / 1000

ruleTester(systemOomKill, {
  valid: [
    {name: 'kernel log readable, OOM kills older than the window', facts: () => later(factsFrom('fpm-stopped'))},
    {
      name: 'kernel log readable, only the oom-killer report header (no kill line, no summary)',
      facts: () => withLogs(factsFrom('fpm-stopped'), {kernel: logLines('kernel-dmesg-T-oom.txt', /invoked oom-killer|Memory cgroup stats|Tasks state/)}, DMESG_NOW),
    },
  ],
  invalid: [
    {
      name: 'lab host: FPM workers in a 64 MB cgroup, php-fpm first, then the other process killed in the window',
      facts: () => logFacts('oom-kill'),
      errors: [
        {
          messageId: 'killed',
          message: /^kernel OOM killer killed php-fpm8\.2 \d+ times? in the last 1h \(last pid \d+\): a cgroup memory limit was hit$/,
          evidence: /Memory cgroup out of memory: Killed process \d+ \(php-fpm8\.2\)[\s\S]*oom-kill:constraint=CONSTRAINT_MEMCG/,
        },
        {messageId: 'killed', message: /^kernel OOM killer killed tail 1 time in the last 1h \(last pid 16300\)/},
      ],
    },
    {
      name: 'recorded dmesg -T: one kill, its summary joined to it',
      facts: () => withLogs(factsFrom('fpm-stopped'), {kernel: logLines('kernel-dmesg-T-oom.txt')}, DMESG_NOW),
      errors: [
        {
          messageId: 'killed',
          message: /^kernel OOM killer killed tail 1 time in the last 1h \(last pid 16300\): a cgroup memory limit was hit$/,
          evidence: /Killed process 16300 \(tail\)[\s\S]*task=tail,pid=16300/,
        },
      ],
    },
    {
      name: 'summary kept but its Killed line cut off: still a kill',
      facts: () => withLogs(factsFrom('fpm-stopped'), {kernel: logLines('kernel-dmesg-T-oom.txt', /oom-kill:constraint/)}, DMESG_NOW),
      errors: [{messageId: 'killed', message: /killed tail 1 time .*no `Killed process` line kept/, evidence: /task=tail,pid=16300/}],
    },
  ],
  skipped: [{name: 'kernel log closed to the probe (host/partial says so)', facts: () => factsFrom('healthy'), skipped: /kernel log not readable: .*Operation not permitted/}],
})
