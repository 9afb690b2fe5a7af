/**
 * "Never silently healthy" (issue 9): for every check of the registry and every fact it
 * declares it needs, take a host where the check has something to judge, remove that
 * fact the way the parser does when its frame is missing or failed (the value gone and
 * a `partial` entry naming why), and the check must say `skipped` with the reason and
 * the host must get host/partial: never a pass. A check added to src/checks/index.ts
 * without a scenario here fails the first test.
 */
import {describe, expect, it} from 'vitest'

import {assessHost} from '../../../src/assess/assess-host.js'
import {allChecks} from '../../../src/checks/index.js'
import {NEEDS, type FactNeed} from '../../../src/checks/needs.js'
import {hostPartial} from '../../../src/checks/rules/host-partial.js'
import type {Check} from '../../../src/checks/types.js'
import type {HostSpec} from '../../../src/inventory/types.js'
import type {HostFacts} from '../../../src/probe/facts.js'
import {configFacts} from './config-facts.js'
import {factsWithEvidence, probeTextWith} from './evidence-facts.js'
import {parseProbeOutput} from '../../../src/probe/parse.js'
import {FIXTURE_NONCE} from './rule-tester.js'
import {LAB_LOGS_NOW, logFacts, logLines} from './log-facts.js'
import {factsFrom, run, withLogs} from './rule-tester.js'

const NGINX_LINE = (message: string) =>
  `2026/11/25 23:44:01 [error] 812#812: *9 ${message} while reading response header from upstream, client: 127.0.0.1, server: direct.test, request: "GET /index.php HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:", host: "direct.test"`

/** A host on which each check finds something (the same recorded faults as its table test). */
const SCENARIOS: Record<string, () => HostFacts> = {
  'app/errors': () => {
    const facts = factsWithEvidence('healthy', [
      {name: 'app-log', attrs: {root: '/srv/app/public', path: '/srv/app/storage/logs/laravel.log', size: 100}, body: '[2026-11-25 23:41:17] production.ERROR: boom []'},
    ])
    facts.system.now = LAB_LOGS_NOW
    return facts
  },
  'fpm/child-killed': () => logFacts('child-killed'),
  'fpm/config-invalid': () => configFacts('fpm-config-invalid'),
  'fpm/max-children-reached': () => logFacts('max-children'),
  'fpm/memory-overcommit': () => configFacts('memory-overcommit'),
  'fpm/request-terminated': () => logFacts('request-terminated'),
  'fpm/seems-busy': () => withLogs(factsFrom('healthy'), {fpm: logLines('fpm-php8.2-fpm.log')}, LAB_LOGS_NOW),
  'fpm/service-down': () => factsFrom('fpm-stopped'),
  'fpm/slow-requests': () => logFacts('slow-requests'),
  // host/partial reports the gaps themselves: it needs nothing.
  'host/partial': () => factsFrom('nonroot'),
  'nginx/config-invalid': () => factsFrom('nginx-syntax-error'),
  'nginx/header-buffers': () => logFacts('header-buffers'),
  'nginx/php-without-try-files': () => configFacts('no-try-files'),
  'nginx/resource-limits': () => withLogs(factsFrom('healthy'), {nginxError: ['2026/11/25 23:44:02 [crit] 812#812: accept4() failed (24: Too many open files)']}, LAB_LOGS_NOW),
  'nginx/root-in-php-location': () => configFacts('root-in-php-location'),
  'nginx/service-down': () => factsFrom('nginx-stopped'),
  'nginx/upstream-errors': () => logFacts('upstream-timeout'),
  'php/fatal-errors': () =>
    withLogs(
      factsFrom('healthy'),
      {
        nginxError: [NGINX_LINE('FastCGI sent in stderr: "PHP message: PHP Fatal error:  Uncaught Error: boom in /var/www/app/x.php:3"')],
        fpm: ['[25-Nov-2026 23:44:05] WARNING: [pool www] child 31 said into stderr: "PHP Fatal error:  Maximum execution time of 1 second exceeded in /var/www/app/slow.php on line 4"'],
      },
      LAB_LOGS_NOW,
    ),
  'php/script-not-found': () => withLogs(factsFrom('healthy'), {nginxError: [NGINX_LINE('FastCGI sent in stderr: "Primary script unknown"')]}, LAB_LOGS_NOW),
  'system/disk-full': () =>
    factsWithEvidence('healthy', [
      {name: 'disk-paths', body: 'php-sessions /var/lib/php/sessions'},
      {name: 'df', body: 'Filesystem 1024-blocks Used Available Capacity Mounted on\ntmpfs 256 256 0 100% /var/lib/php/sessions'},
      {name: 'df-inodes', body: 'Filesystem Inodes IUsed IFree IUse% Mounted on\ntmpfs 3085473 2 3085471 1% /var/lib/php/sessions'},
    ]),
  'system/oom-kill': () => logFacts('oom-kill'),
  'timeouts/order': () => configFacts('timeouts-order'),
  'upstream/backlog-full': () => logFacts('backlog-full'),
  'upstream/refused': () => logFacts('refused'),
  'upstream/socket-mismatch': () => configFacts('socket-mismatch'),
  'upstream/socket-missing': () => factsFrom('socket-missing'),
  'upstream/socket-permission': () => configFacts('socket-permission'),
}

/** What the parser leaves when the fact's frame is missing or failed: the value gone, a partial entry saying why. */
const REMOVE: Record<FactNeed, (facts: HostFacts) => void> = {
  'nginx-config': (facts) => {
    facts.nginx.config = null
    facts.partial.push({fact: 'nginx-config', reason: 'nginx -T section missing from probe output'})
  },
  'nginx-test': (facts) => {
    facts.nginx.test = null
    facts.partial.push({fact: 'nginx-test', reason: 'nginx -T section missing from probe output'})
  },
  'nginx-service': (facts) => {
    facts.nginx.service = {...facts.nginx.service, manager: 'none', active: 'unknown', raw: []}
    facts.partial.push({fact: 'services', reason: 'systemctl show failed'})
  },
  'nginx-error-log': (facts) => {
    for (const tail of facts.logs.nginxError) facts.partial.push({fact: `log:${tail.path}`, reason: 'Permission denied'})
    facts.logs.nginxError = []
  },
  'nginx-access-log': (facts) => {
    for (const tail of facts.logs.nginxAccess) facts.partial.push({fact: `log:${tail.path}`, reason: 'Permission denied'})
    facts.logs.nginxAccess = []
  },
  'fpm-config': (facts) => {
    for (const install of facts.fpm) {
      install.config = null
      facts.partial.push({fact: `fpm-config:${install.binary}`, reason: 'php-fpm -tt section missing'})
    }
  },
  'fpm-test': (facts) => {
    for (const install of facts.fpm) {
      install.test = null
      facts.partial.push({fact: `fpm-config:${install.binary}`, reason: 'php-fpm -tt section missing'})
    }
  },
  'fpm-service': (facts) => {
    for (const install of facts.fpm) install.service = {...install.service, manager: 'none', active: 'unknown', raw: []}
    facts.partial.push({fact: 'services', reason: 'systemctl show failed'})
  },
  'fpm-log': (facts) => {
    for (const tail of facts.logs.fpm) facts.partial.push({fact: `log:${tail.path}`, reason: 'Permission denied'})
    facts.logs.fpm = []
  },
  'php-error-log': (facts) => {
    for (const tail of facts.logs.phpError) facts.partial.push({fact: `log:${tail.path}`, reason: 'Permission denied'})
    facts.logs.phpError = []
  },
  'kernel-log': (facts) => {
    facts.logs.kernel = null
    facts.partial.push({fact: 'kernel-log', reason: 'dmesg: read kernel buffer failed: Operation not permitted'})
  },
  memory: (facts) => {
    facts.memory = {fpmChildRssKb: facts.memory.fpmChildRssKb}
    facts.partial.push({fact: 'memory', reason: 'meminfo section missing from probe output'})
  },
  disks: (facts) => {
    facts.evidence.disks = null
    facts.partial.push({fact: 'disks', reason: 'df section missing from probe output'})
  },
  'app-log': (facts) => {
    for (const log of facts.evidence.appLogs) facts.partial.push({fact: `app-log:${log.path}`, reason: 'Permission denied'})
    facts.evidence.appLogs = []
  },
}

const spec = {name: 'web01', address: '10.0.0.1', connection: 'ssh'} as unknown as HostSpec

function requirements(check: Check): Array<readonly FactNeed[]> {
  return check.needs.map((need) => (typeof need === 'string' ? [need] : need))
}

describe('no silent healthy', () => {
  it('every check of the registry has a scenario here, and every need a way to remove it', () => {
    expect(Object.keys(SCENARIOS).sort()).toEqual(allChecks.map((check) => check.meta.id).sort())
    expect(Object.keys(REMOVE).sort()).toEqual(Object.keys(NEEDS).sort())
  })

  for (const check of allChecks) {
    describe(check.meta.id, () => {
      it('finds something in its scenario (so a skip below is not just "nothing to see")', () => {
        const scenario = SCENARIOS[check.meta.id]
        expect(scenario, `no scenario for ${check.meta.id}`).toBeDefined()
        if (check.needs.length === 0 && !check.uses) return
        expect(run(check, scenario()).findings.length).toBeGreaterThan(0)
      })

      for (const need of check.uses ?? []) {
        it(`without ${need} (one part of its judgement): that part skipped with the reason, host/partial, never ok`, () => {
          const facts = SCENARIOS[check.meta.id]()
          REMOVE[need](facts)
          const {skipped} = run(check, facts)
          expect(skipped.length).toBeGreaterThan(0)
          const host = assessHost(spec, {ok: true, facts, durationMs: 1} as never, [check, hostPartial])
          expect(host.skipped.map((skip) => skip.check)).toContain(check.meta.id)
          expect(host.findings.map((finding) => finding.check)).toContain('host/partial')
          expect(host.status).not.toBe('ok')
        })
      }

      for (const requirement of requirements(check)) {
        it(`without ${requirement.join(' or ')}: skipped with the reason, host/partial, never ok`, () => {
          const facts = SCENARIOS[check.meta.id]()
          for (const need of requirement) REMOVE[need](facts)
          const {findings, skipped} = run(check, facts)
          expect(findings).toEqual([])
          expect(skipped.length).toBeGreaterThan(0)
          expect(skipped.every((reason) => reason.trim().length > 0)).toBe(true)
          const host = assessHost(spec, {ok: true, facts, durationMs: 1} as never, [check, hostPartial])
          expect(host.skipped.map((skip) => skip.check)).toContain(check.meta.id)
          expect(host.findings.map((finding) => finding.check)).toContain('host/partial')
          expect(host.status).not.toBe('ok')
        })
      }
    })
  }
})

/**
 * REMOVE above works on facts; this holds it to the parser: the same fact's frame taken
 * out of (or failed in) a recorded probe output leaves the need unmet AND a partial entry,
 * so runChecks skips and the host reads host/partial.
 */
const FRAME_GAPS: Record<FactNeed, {strip?: string[]; fail?: string}> = {
  'nginx-config': {strip: ['nginx-T', 'nginx-files']},
  'nginx-test': {strip: ['nginx-T']},
  'nginx-service': {strip: ['services', 'service-status', 'pidfiles']},
  'nginx-error-log': {fail: 'log kind=nginx-error'},
  'nginx-access-log': {fail: 'log kind=nginx-access'},
  'fpm-config': {strip: ['fpm-tt', 'fpm-files']},
  'fpm-test': {strip: ['fpm-tt', 'fpm-files']},
  'fpm-service': {strip: ['services', 'service-status', 'pidfiles']},
  'fpm-log': {fail: 'log kind=fpm:'},
  'php-error-log': {fail: 'log kind=php-error:'},
  'kernel-log': {strip: ['kernel', 'kernel-attempts']},
  memory: {strip: ['meminfo']},
  disks: {strip: ['disk-paths', 'df', 'df-inodes']},
  'app-log': {fail: 'app-log '},
}

const PHP_ERROR_LOG = {name: 'log', attrs: {kind: 'php-error:www', path: '/var/log/php/www-error.log', size: 80}, body: '[25-Nov-2026 23:40:00 UTC] PHP Fatal error:  boom in /var/www/app/x.php on line 3'}
const APP_LOG = {name: 'app-log', attrs: {root: '/srv/app/public', path: '/srv/app/storage/logs/laravel.log', size: 10}, body: '[2026-11-25 23:41:17] production.ERROR: boom []'}
const DISKS = [
  {name: 'disk-paths', body: 'nginx-log /var/log/nginx'},
  {name: 'df', body: 'Filesystem 1024-blocks Used Available Capacity Mounted on\n/dev/vda 100 10 90 10% /'},
  {name: 'df-inodes', body: 'Filesystem Inodes IUsed IFree IUse% Mounted on\n/dev/vda 100 10 90 10% /'},
]

function withoutFrames(text: string, gap: {strip?: string[]; fail?: string}): string {
  const lines = text.split('\n')
  const out: string[] = []
  let skipping: string | null = null
  let failing = false
  for (const line of lines) {
    const begin = /^==FLEET \S+ BEGIN (\S+)(.*)==$/.exec(line)
    const end = /^==FLEET \S+ END (\S+) rc=-?\d+==$/.exec(line)
    if (skipping !== null) {
      if (end && end[1] === skipping) skipping = null
      continue
    }
    if (begin && gap.strip?.includes(begin[1].replace(/\.stderr$/, ''))) {
      skipping = begin[1]
      continue
    }
    if (begin && gap.fail && `${begin[1]}${begin[2]}`.startsWith(gap.fail)) {
      // The read failed: no content, an error on stderr, rc 1.
      const name = begin[1]
      out.push(line, `==FLEET ${FIXTURE_NONCE} END ${name} rc=1==`, `==FLEET ${FIXTURE_NONCE} BEGIN ${name}.stderr${begin[2]}==`, 'Permission denied', `==FLEET ${FIXTURE_NONCE} END ${name}.stderr rc=0==`)
      failing = true
      skipping = name
      continue
    }
    out.push(line)
  }
  void failing
  return out.join('\n')
}

describe('no silent healthy: the parser leaves each need unmet with a partial entry', () => {
  for (const [need, gap] of Object.entries(FRAME_GAPS) as Array<[FactNeed, {strip?: string[]; fail?: string}]>) {
    it(`${need}: frame ${gap.strip ? `${gap.strip.join(', ')} missing` : `${gap.fail.trim()} failed`}`, () => {
      // The pool keeps PHP's errors in a file of its own (php_admin_value[error_log]), read by the probe.
      const text = probeTextWith('healthy', [...DISKS, APP_LOG, PHP_ERROR_LOG]).replace('NOTICE: [www]\n', `NOTICE: [www]\n[25-Nov-2026 18:23:13] NOTICE: \tphp_admin_value[error_log] = ${PHP_ERROR_LOG.attrs.path}\n`)
      const before = parseProbeOutput(text, FIXTURE_NONCE)
      const after = parseProbeOutput(withoutFrames(text, gap), FIXTURE_NONCE)
      expect(NEEDS[need](before)).toBe(need === 'kernel-log' ? NEEDS[need](before) : null)
      const state = NEEDS[need](after)
      expect(state).not.toBeNull()
      expect(state).not.toBe('absent')
      const added = after.partial.filter((fact) => !before.partial.some((old) => old.fact === fact.fact && old.reason === fact.reason))
      // The kernel log of this recording is already unreadable (and partial) before.
      if (need !== 'kernel-log') expect(added.length, `no partial entry for a missing ${need}`).toBeGreaterThan(0)
    })
  }
})
