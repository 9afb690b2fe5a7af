/** Result types of `fleet reload`. `ReloadReport` is the `--json` contract, version 1. */

/** What happened to one host, as the issue names them. */
export type ReloadOutcome = 'reloaded' | 'rolled-back' | 'failed' | 'skipped' | 'not-reached'

/** Why a host cannot be reloaded safely; found during preflight. */
export type ProblemCode =
  | 'unreachable'
  | 'locked'
  | 'not-running'
  | 'config-invalid'
  | 'socket-missing'
  | 'no-rollback-point'
  | 'health-baseline'
  | 'remote-error'

export interface Problem {
  code: ProblemCode
  /** One line naming the thing at fault (FILE:LINE, socket path, lock owner). */
  message: string
  /** Raw lines the problem rests on. */
  evidence: string[]
}

/** One health probe: `curl` on the host itself against its own listener, with `Host:` set. */
export interface HealthTarget {
  scheme: 'http' | 'https'
  address: string
  port: number
  host: string
  path: string
}

export type StatusClass = '1xx' | '2xx' | '3xx' | '4xx' | '5xx' | 'error'

export interface HealthResult {
  target: HealthTarget
  /** HTTP status, 0 when curl got no response. */
  status: number
  class: StatusClass
}

/** Where the rollback point came from; see src/reload/README-section.md. */
export type RollbackSource = 'known-good' | 'running-disk'

export interface HostPreflight {
  ok: boolean
  problems: Problem[]
  /** Hash of the files nginx reads, on disk now (the config about to be loaded): 16 hex digits. */
  newHash: string | null
  /** Hash of the rollback point, stored on the host under /var/lib/fleet/nginx-good/HASH. */
  rollbackHash: string | null
  rollbackSource: RollbackSource | null
  confDir: string | null
  baseline: HealthResult[]
  /** Notes that do not block (e.g. a stale lock was taken over). */
  notes: string[]
}

/** What the reload (or rollback reload) of one host did and what verification saw. */
export interface VerifyResult {
  ok: boolean
  /** Each failed criterion, in plain words. */
  failures: string[]
  method: string | null
  masterBefore: number | null
  masterAfter: number | null
  workersBefore: number[]
  workersAfter: number[]
  /** New `[emerg]`/`[alert]`/`[crit]` lines since the reload. */
  errorLines: string[]
  health: HealthResult[]
}

export interface HostResult {
  host: string
  address: string
  outcome: ReloadOutcome
  /** One line: why this outcome (null when reloaded). */
  reason: string | null
  /** Batch number (1 = canary), null when never scheduled. */
  batch: number | null
  preflight: HostPreflight | null
  reload: VerifyResult | null
  rollback: VerifyResult | null
  /** --without-rollback let this host through with no rollback point: a failed reload stays on the new config. */
  withoutRollback: boolean
  durationMs: number
}

export interface ReloadReport {
  version: 1
  runId: string
  /** user@controller */
  operator: string
  startedAt: string
  finishedAt: string
  dryRun: boolean
  /** --without-rollback was given: hosts with no rollback point are reloaded anyway, and the first failed verification stops the rollout. */
  withoutRollback: boolean
  /** Hosts whose reload failed verification and could not be rolled back: left on the new config. */
  notRolledBack: string[]
  /** Ctrl-C ended the rollout early. */
  interrupted: boolean
  /** Host names per batch, as planned. */
  batches: string[][]
  maxFail: string
  hosts: HostResult[]
  summary: Record<ReloadOutcome, number> & {hosts: number}
  /** True only when every selected host was reloaded and verified (or, for --dry-run, passed preflight). */
  ok: boolean
}
