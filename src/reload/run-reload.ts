/**
 * The whole `fleet reload`: preflight every host in parallel, plan batches of the valid ones,
 * confirm, roll out, then commit (record known-good, syslog line, unlock) on every host that was
 * contacted, whatever happened. Returns the report; the command decides output and exit code.
 */
import {randomBytes} from 'node:crypto'

import pLimit from 'p-limit'

import type {HostSpec} from '../inventory/types.js'
import type {Connector, Transport} from '../transport/types.js'
import {syslogLine} from './audit.js'
import {commitHost} from './commit.js'
import {currentOwner, formatOwner, isStale, parseOwner} from './lock.js'
import {makeBatches, type BatchSize, type MaxFail} from './plan.js'
import {preflight, type PreflightContext, type PreflightState} from './preflight.js'
import {summarizeOutcomes} from './report.js'
import {rollout, type HostRun} from './rollout.js'
import type {ReloadReport} from './types.js'

export interface ReloadOptions {
  hosts: HostSpec[]
  connectorFor(host: HostSpec): Connector
  batch: BatchSize[]
  maxFail: MaxFail
  /** As typed, for the report. */
  maxFailText: string
  dryRun: boolean
  skipInvalid: boolean
  /** Reload hosts that have no rollback point; the first failed verification stops the rollout. */
  withoutRollback: boolean
  healthPaths: string[]
  settleSeconds: number
  probeTimeoutSeconds: number
  concurrency: number
  connectTimeoutMs: number
  commandTimeoutMs: number
  /** Shown the plan (preflight done, nothing reloaded); false stops before any reload. */
  confirm(plan: ReloadReport): Promise<boolean>
  /** Ctrl-C: hosts in flight finish, nothing new starts. */
  signal: AbortSignal
  onHost?(host: HostRun): void
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error))

async function preflightHost(host: HostRun, spec: HostSpec, options: ReloadOptions, ctx: PreflightContext): Promise<void> {
  const started = Date.now()
  try {
    host.transport = await options.connectorFor(spec).connect(spec, {timeoutMs: options.connectTimeoutMs})
    let state: PreflightState = await preflight(host.transport, ctx)
    const owner = state.lockOwner ? parseOwner(state.lockOwner) : null
    if (state.lock === 'held' && owner && isStale(owner)) {
      // Our own controller's dead run left it: take it over, compared line for line on the host.
      state = await preflight(host.transport, {...ctx, steal: state.lockOwner!})
      state.report.notes.push(`took over a stale lock: ${owner.user}@${owner.controller} pid ${owner.pid} is no longer running`)
    }
    host.state = state
    host.result.preflight = state.report
    host.result.withoutRollback = state.withoutRollback
  } catch (error) {
    host.result.preflight = {
      ok: false,
      problems: [{code: 'unreachable', message: message(error), evidence: []}],
      newHash: null,
      rollbackHash: null,
      rollbackSource: null,
      confDir: null,
      baseline: [],
      notes: [],
    }
  } finally {
    host.result.durationMs += Date.now() - started
  }
}

function problemsLine(host: HostRun): string {
  return (host.result.preflight?.problems ?? []).map((p) => p.message).join('; ')
}

export async function runReload(options: ReloadOptions): Promise<ReloadReport> {
  const started = new Date()
  const run = randomBytes(6).toString('hex')
  const owner = currentOwner(run, started)
  const operator = `${owner.user}@${owner.controller}`
  const limit = pLimit(options.concurrency)
  const hosts: HostRun[] = options.hosts.map((spec) => ({
    result: {host: spec.name, address: spec.address, outcome: 'not-reached', reason: null, batch: null, preflight: null, reload: null, rollback: null, withoutRollback: false, durationMs: 0},
    transport: null as Transport | null,
    state: null,
    running: null,
  }))
  const ctx: PreflightContext = {
    run,
    owner: formatOwner(owner),
    steal: '',
    healthPaths: options.healthPaths,
    probeTimeoutSeconds: options.probeTimeoutSeconds,
    timeoutMs: options.commandTimeoutMs,
    withoutRollback: options.withoutRollback,
  }
  const report: ReloadReport = {
    version: 1,
    runId: run,
    operator,
    startedAt: started.toISOString(),
    finishedAt: '',
    dryRun: options.dryRun,
    withoutRollback: options.withoutRollback,
    notRolledBack: [],
    interrupted: false,
    batches: [],
    maxFail: options.maxFailText,
    hosts: hosts.map((h) => h.result),
    summary: summarizeOutcomes([]),
    ok: false,
  }
  try {
    await Promise.all(hosts.map((h, i) => limit(() => preflightHost(h, options.hosts[i], options, ctx))))
    const valid = hosts.filter((h) => h.result.preflight?.ok)
    const invalid = hosts.filter((h) => !h.result.preflight?.ok)
    for (const h of invalid) {
      h.result.outcome = options.skipInvalid ? 'skipped' : 'failed'
      h.result.reason = `preflight: ${problemsLine(h)}`
    }
    const batches = makeBatches(valid, options.batch)
    report.batches = batches.map((b) => b.map((h) => h.result.host))
    batches.forEach((b, i) => b.forEach((h) => (h.result.batch = i + 1)))
    const blocked = invalid.length > 0 && !options.skipInvalid
    for (const h of valid) {
      h.result.reason = blocked
        ? `not reloaded: ${invalid.length} host(s) failed preflight (--skip-invalid reloads the others)`
        : `planned for batch ${h.result.batch}`
    }
    report.summary = summarizeOutcomes(report.hosts)
    if (options.dryRun) {
      for (const h of valid) if (!blocked) h.result.reason = `dry run: would reload in batch ${h.result.batch}`
      report.ok = !blocked && valid.length > 0
      return report
    }
    if (blocked || valid.length === 0) return report
    if (options.signal.aborted || !(await options.confirm(report))) {
      for (const h of valid) h.result.reason = options.signal.aborted ? 'not reached: interrupted (Ctrl-C)' : 'not reached: not confirmed'
      report.interrupted = options.signal.aborted
      return report
    }
    await rollout(batches, {
      run,
      maxFail: options.maxFail,
      stopOnFailure: options.withoutRollback,
      concurrency: options.concurrency,
      settleSeconds: options.settleSeconds,
      probeTimeoutSeconds: options.probeTimeoutSeconds,
      timeoutMs: options.commandTimeoutMs + options.settleSeconds * 1000,
      isAborted: () => options.signal.aborted,
      onHost: options.onHost,
    })
    report.interrupted = options.signal.aborted
    // Failed in a batch (a preflight failure has no batch): verification failed, or the reload broke off.
    report.notRolledBack = hosts.filter((h) => h.result.withoutRollback && h.result.batch !== null && h.result.outcome === 'failed').map((h) => h.result.host)
    report.ok = hosts.every((h) => h.result.outcome === 'reloaded')
    return report
  } finally {
    await Promise.all(hosts.map((h) => limit(() => commit(h, run, formatOwner(owner), operator, options))))
    report.summary = summarizeOutcomes(report.hosts)
    report.finishedAt = new Date().toISOString()
  }
}

/** Every contacted host: record what runs, log, unlock; a failure here is noted, never thrown. */
async function commit(host: HostRun, run: string, ownerLine: string, operator: string, options: ReloadOptions): Promise<void> {
  if (!host.transport) return
  const r = host.result
  try {
    const outcome = r.outcome === 'not-reached' && options.dryRun ? 'dry-run' : r.outcome
    const done = await commitHost(host.transport, {
      run,
      owner: ownerLine,
      confDir: r.preflight?.confDir ?? '',
      expect: host.running,
      message: syslogLine(run, operator, outcome, r.preflight?.rollbackHash ?? null, r.preflight?.newHash ?? null, r.reason),
      timeoutMs: options.commandTimeoutMs,
    })
    if (host.state?.lock === 'taken' && !done.released) r.reason = `${r.reason ?? ''}; lock /run/fleet-reload.lock was not released`.replace(/^; /, '')
    if (done.error) r.preflight?.notes.push(`known-good not recorded: ${done.error}`)
  } catch (error) {
    if (host.state?.lock === 'taken') r.reason = `${r.reason ?? ''}; could not release the lock: ${message(error)}`.replace(/^; /, '')
  } finally {
    await host.transport.close().catch(() => undefined)
  }
}
