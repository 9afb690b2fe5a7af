/**
 * Batches, in order: every host of a batch is reloaded and verified (a failed one is rolled back)
 * before the next batch starts. The rollout stops when the canary fails, when failures exceed
 * `--max-fail`, or on Ctrl-C
 * (hosts in flight finish, including their rollback); hosts not reached stay untouched.
 */
import pLimit from 'p-limit'

import type {Transport} from '../transport/types.js'
import {describeMaxFail, shouldStop, type MaxFail} from './plan.js'
import type {PreflightState} from './preflight.js'
import {rollback} from './rollback.js'
import type {HostResult} from './types.js'
import {reloadAndVerify, type ReloadContext} from './verify.js'

/** One host through the whole run. */
export interface HostRun {
  result: HostResult
  transport: Transport | null
  state: PreflightState | null
  /** Hash running and verified after the rollout (recorded as known-good at commit), or null. */
  running: string | null
}

export interface RolloutOptions {
  run: string
  maxFail: MaxFail
  /** --without-rollback: the first failed verification stops the rollout, whatever --max-fail says. */
  stopOnFailure?: boolean
  concurrency: number
  settleSeconds: number
  probeTimeoutSeconds: number
  timeoutMs: number
  isAborted(): boolean
  onHost?(host: HostRun): void
}

function context(host: HostRun, options: RolloutOptions): Omit<ReloadContext, 'restore'> {
  const state = host.state!
  return {
    run: options.run,
    confDir: state.report.confDir ?? '/etc/nginx',
    targets: state.targets,
    errorLogs: state.errorLogs,
    baseline: state.report.baseline,
    settleSeconds: options.settleSeconds,
    probeTimeoutSeconds: options.probeTimeoutSeconds,
    timeoutMs: options.timeoutMs,
  }
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error))

/** Reload one host; on failure restore its rollback point. Never throws. */
export async function reloadHost(host: HostRun, options: RolloutOptions): Promise<void> {
  const started = Date.now()
  const pre = host.state!.report
  const ctx = context(host, options)
  let failure: string
  try {
    host.result.reload = await reloadAndVerify(host.transport!, {...ctx, restore: null})
    if (host.result.reload.ok) {
      host.result.outcome = 'reloaded'
      host.result.reason = null
      host.running = pre.newHash
      return
    }
    failure = host.result.reload.failures.join('; ')
  } catch (error) {
    failure = `reload: ${message(error)}`
  } finally {
    host.result.durationMs += Date.now() - started
  }
  if (host.state!.withoutRollback) {
    host.result.outcome = 'failed'
    host.result.reason = `${failure}; not rolled back (--without-rollback, no rollback point): the host is left on the new config ${pre.newHash ?? ''}`.trimEnd()
    return
  }
  const rollbackStarted = Date.now()
  try {
    host.result.rollback = await rollback(host.transport!, ctx, pre.rollbackHash!)
    if (host.result.rollback.ok) {
      host.result.outcome = 'rolled-back'
      host.result.reason = `${failure}; restored ${pre.rollbackHash} (${pre.rollbackSource})`
      host.running = pre.rollbackHash
    } else {
      host.result.outcome = 'failed'
      host.result.reason = `${failure}; rollback to ${pre.rollbackHash} failed: ${host.result.rollback.failures.join('; ')}`
    }
  } catch (error) {
    host.result.outcome = 'failed'
    host.result.reason = `${failure}; rollback failed: ${message(error)}`
  } finally {
    host.result.durationMs += Date.now() - rollbackStarted
  }
}

const WITHOUT_ROLLBACK_STOP = 'a host failed verification under --without-rollback (nothing can be rolled back)'

/** Runs the batches; returns whether the rollout stopped early and why. */
export async function rollout(batches: HostRun[][], options: RolloutOptions): Promise<{stopped: string | null}> {
  const total = batches.reduce((n, b) => n + b.length, 0)
  const limit = pLimit(options.concurrency)
  let failures = 0
  let stopped: string | null = null
  for (const [index, batch] of batches.entries()) {
    if (!stopped && options.isAborted()) stopped = 'interrupted (Ctrl-C)'
    if (stopped) {
      for (const host of batch) host.result.reason = `not reached: rollout stopped, ${stopped}`
      continue
    }
    await Promise.all(
      batch.map((host) =>
        limit(async () => {
          if (options.isAborted()) {
            host.result.reason = 'not reached: rollout stopped, interrupted (Ctrl-C)'
            return
          }
          // Under --without-rollback a failure in this batch stops the hosts of it not started yet.
          if (options.stopOnFailure && failures > 0) {
            host.result.reason = `not reached: rollout stopped, ${WITHOUT_ROLLBACK_STOP}`
            return
          }
          await reloadHost(host, options)
          if (host.result.outcome !== 'reloaded') failures++
          options.onHost?.(host)
        }),
      ),
    )
    // A failed canary always stops: it is there to keep a bad push off the rest of the fleet.
    if (index === 0 && failures > 0 && batches.length > 1) stopped = 'the canary (batch 1) failed'
    else if (options.stopOnFailure && failures > 0) stopped = WITHOUT_ROLLBACK_STOP
    else if (shouldStop(failures, options.maxFail, total)) {
      stopped = `${failures} host(s) failed by batch ${index + 1}, more than --max-fail ${describeMaxFail(options.maxFail)} allows`
    }
  }
  return {stopped}
}
