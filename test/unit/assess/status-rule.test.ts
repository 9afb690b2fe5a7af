/**
 * The status rule (issue 14 item 3): advice that holds for a stock install (info) never
 * changes a host's status; host/partial does when a check had to be skipped for it.
 */
import {describe, expect, it} from 'vitest'
import {assessHost} from '../../../src/assess/assess-host.js'
import type {HostSpec} from '../../../src/inventory/types.js'
import {parseProbeOutput} from '../../../src/probe/parse.js'
import type {HostFacts} from '../../../src/probe/facts.js'
import {summaryLine, summarize} from '../../../src/report/status.js'
import {nagiosFormatter} from '../../../src/report/formats/nagios.js'
import {finding, oneHost} from '../../fixtures/report/fleet.js'
import {FIXTURE_NONCE} from '../probe/fixtures.js'
import {DISKS_OK, probeTextWith} from '../checks/evidence-facts.js'

const spec = (name: string): HostSpec => ({name, address: '10.0.0.1', connection: 'ssh'}) as unknown as HostSpec

/** The recorded stock Debian host, with its kernel log readable (as on a VM or with CAP_SYSLOG) and its disks read (the evidence section). */
function stockFacts(): HostFacts {
  const facts = parseProbeOutput(probeTextWith('healthy', DISKS_OK), FIXTURE_NONCE)
  return {...facts, partial: facts.partial.filter((p) => p.fact !== 'kernel-log'), logs: {...facts.logs, kernel: {path: 'journal', lines: [], truncated: false}}}
}

const assess = (name: string, facts: HostFacts) => assessHost(spec(name), {ok: true, facts, durationMs: 1} as never)

describe('host status', () => {
  it('a stock Debian host (request_terminate_timeout = 0) reads ok, its advice kept as info', () => {
    const host = assess('web01', stockFacts())
    expect(host.findings.map((f) => [f.check, f.severity])).toContainEqual(['timeouts/order', 'info'])
    expect(host.status).toBe('ok')
  })

  it('a clean four-host group reads "4 ok" and Nagios perfdata ok=4', () => {
    const hosts = ['web01', 'web02', 'web03', 'web04'].map((n) => assess(n, stockFacts()))
    const report = {version: 1 as const, hosts, summary: summarize(hosts)}
    expect(summaryLine(report)).toBe('4 hosts: 4 ok')
    const nagios = nagiosFormatter.render(report as never, {})
    expect(nagios).toMatch(/^FLEET OK/)
    expect(nagios).toContain('ok=4;')
    expect(nagios).toContain('info=0;')
  })

  it('a host whose kernel log is closed (system/oom-kill skipped) reads info: a cause may be hidden', () => {
    const host = assess('web01', parseProbeOutput(probeTextWith('healthy', DISKS_OK), FIXTURE_NONCE))
    expect(host.skipped.map((s) => s.check)).toContain('system/oom-kill')
    expect(host.status).toBe('info')
  })

  it('host/partial that no check needed leaves the host ok; a waived one too', () => {
    expect(oneHost([finding('host/partial', 'info', 'log:/x not collected')]).hosts[0].status).toBe('ok')
    const skipped = [{check: 'system/oom-kill', reason: 'kernel log not readable'}]
    expect(oneHost([finding('host/partial', 'info', 'kernel-log not collected')], {skipped}).hosts[0].status).toBe('info')
    const waived = {justification: 'container', expires: '2099-01-01', source: 'w.yml:1'}
    expect(oneHost([finding('host/partial', 'info', 'kernel-log not collected', {waived})], {skipped}).hosts[0].status).toBe('ok')
  })

  it('warnings and criticals still set the status, whatever advice sits beside them', () => {
    expect(oneHost([finding('fpm/seems-busy', 'info', 'busy'), finding('fpm/max-children-reached', 'warning', 'max')]).hosts[0].status).toBe('warning')
    expect(oneHost([finding('nginx/php-without-try-files', 'info', 'x'), finding('fpm/service-down', 'critical', 'down')]).hosts[0].status).toBe('critical')
  })
})
