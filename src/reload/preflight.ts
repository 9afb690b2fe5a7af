/**
 * Preflight, per host, before anything is reloaded: take the lock, `nginx -t`, dump the new config,
 * list listening unix sockets, settle the rollback point (one round trip); then a baseline health
 * round against the servers of the new config (second round trip, since targets come from the dump).
 */
import {parseNginxDump} from '../nginx/parse-dump.js'
import type {NginxConfig} from '../nginx/types.js'
import type {Transport} from '../transport/types.js'
import {errorLogs, healthTargets, unixSockets} from './config-facts.js'
import {encodeTargets, parseProbeLines, PROBE_SH} from './health.js'
import {LOCK_TAKE, stealId} from './lock.js'
import {blockLines, buildScript, runScript, type Sections} from './remote.js'
import {ROLLBACK_POINT_SH, SNAPSHOT_SH, validHash} from './snapshot.js'
import type {HealthTarget, HostPreflight, Problem} from './types.js'

/** A path a host reported, fit to travel back in a script variable: absolute, one line, no control bytes. */
export function validPath(path: string | null | undefined): path is string {
  return typeof path === 'string' && path.startsWith('/') && !/[\x00-\x1f\x7f]/.test(path)
}

export const INSPECT_SH = String.raw`
# nginx -V once: the configure arguments say where the config, the default log and the prefix are.
BUILD=$($NGINX -V 2>&1 | tr ' ' '\n')
build_opt() { printf '%s\n' "$BUILD" | FLEET_OPT="--$1=" awk 'index($0, ENVIRON["FLEET_OPT"]) == 1 {print substr($0, length(ENVIRON["FLEET_OPT"]) + 1); exit}'; }
CONF=$(build_opt conf-path)
[ -n "$CONF" ] || CONF=/etc/nginx/nginx.conf
# The directory itself, not a symlink to it: a copy of a symlink restores nothing.
CONFDIR=$(cd -P -- "$(dirname -- "$CONF")" 2>/dev/null && pwd -P) || CONFDIR=$(dirname -- "$CONF")
emit confdir "$CONFDIR"
emit default-error-log "$(build_opt error-log-path)"
emit nginx-prefix "$(build_opt prefix)"
emit master "$(master_pid)"
T=$($NGINX -t 2>&1); emit test-code "$?"
begin test; printf '%s\n' "$T"; end test
$NGINX -T > "$FLEET_TMP/dump" 2>/dev/null
begin dump; cat "$FLEET_TMP/dump"; end dump
# Listening unix sockets: flag __SO_ACCEPTCON (00010000) in /proc/net/unix, no ss needed.
begin unix; awk 'NR>1 && $4=="00010000" && NF>=8 {print $8}' /proc/net/unix | sort -u; end unix
`

export interface PreflightContext {
  run: string
  owner: string
  /** Exact owner line of a stale lock to take over. */
  steal: string
  healthPaths: string[]
  probeTimeoutSeconds: number
  timeoutMs: number
  signal?: AbortSignal
  /** --without-rollback: a host with no rollback point passes preflight, marked to run without one. */
  withoutRollback?: boolean
}

/** What later phases need to know about the host, beyond the report. */
export interface PreflightState {
  report: HostPreflight
  lock: 'taken' | 'held' | 'unknown'
  /** Owner line of the lock when another run holds it. */
  lockOwner: string | null
  config: NginxConfig | null
  targets: HealthTarget[]
  errorLogs: string[]
  /** No rollback point, let through by --without-rollback: a failed reload is not rolled back. */
  withoutRollback: boolean
}

// `nginx: [emerg] ...` before the error log is open, `DATE [emerg] PID#TID: ...` after.
const EMERG = /\[(emerg|alert|crit)\] (?:\d+#\d+: )?(.*)$/

/** `nginx -t` output -> one problem per error line (they name FILE:LINE), or the last line. */
export function configProblems(testOutput: string): Problem[] {
  const lines = testOutput.split('\n').filter((l) => l.trim() !== '')
  const errors = lines.filter((l) => EMERG.test(l))
  const shown = errors.length > 0 ? errors : lines.slice(-1)
  return shown.map((l) => {
    const m = EMERG.exec(l)
    return {code: 'config-invalid', message: `nginx -t: ${m ? `[${m[1]}] ${m[2]}` : l.replace(/^nginx: /, '')}`, evidence: lines}
  })
}

/** Sockets of the new config that no process listens on. */
export function socketProblems(config: NginxConfig, listening: Set<string>): Problem[] {
  return unixSockets(config)
    .filter((s) => !listening.has(s.path))
    .map((s) => ({
      code: 'socket-missing',
      message: `${s.where}: unix:${s.path}: no process listens on this socket`,
      evidence: [`${s.where}: unix:${s.path}`],
    }))
}

function emptyReport(): HostPreflight {
  return {ok: false, problems: [], newHash: null, rollbackHash: null, rollbackSource: null, confDir: null, baseline: [], notes: []}
}

/** Reads the inspect round trip into the report; returns the parsed config (null when invalid). */
export function readInspect(s: Sections, report: HostPreflight): NginxConfig | null {
  report.confDir = validPath(s.values.get('confdir')) ? s.values.get('confdir')! : null
  // Hashes name directories on the host and are shown: only the 16 hex digits the scripts print.
  report.newHash = validHash(s.values.get('new-hash'))
  report.rollbackHash = validHash(s.values.get('rollback-hash'))
  const source = s.values.get('rollback-source')
  report.rollbackSource = report.rollbackHash && (source === 'known-good' || source === 'running-disk') ? source : null
  if (!s.values.get('master')) {
    report.problems.push({code: 'not-running', message: 'no nginx master process is running: nothing to reload', evidence: []})
  }
  let config: NginxConfig | null = null
  if (s.values.get('test-code') !== '0') {
    report.problems.push(...configProblems(s.blocks.get('test') ?? ''))
  } else {
    config = parseNginxDump(s.blocks.get('dump') ?? '')
    report.problems.push(...socketProblems(config, new Set(blockLines(s, 'unix'))))
  }
  for (const line of blockLines(s, 'unrestorable')) {
    const [file, dir] = line.split('\t')
    report.problems.push({
      code: 'no-rollback-point',
      message: `${file} (included by the config) cannot be restored safely: ${dir} is writable by a user other than root`,
      evidence: [line],
    })
  }
  if (s.values.get('snapshot-error')) {
    report.problems.push({code: 'no-rollback-point', message: s.values.get('snapshot-error')!, evidence: []})
  } else if (!report.rollbackHash && s.values.get('master')) {
    const changed = blockLines(s, 'changed')
    const first = /^(\d+\.\d+)\t(.*)$/.exec(changed[0] ?? '')
    const what = first ? `${first[2]} changed ${first[1]} s after nginx last loaded its config` : 'no file could be shown unchanged since nginx last loaded its config'
    report.problems.push({
      code: 'no-rollback-point',
      message: `the running config is unknown: ${what}, and no fleet snapshot matches the running generation (run fleet reload once before pushing to record one)`,
      evidence: changed.map((l) => l.replace(/^(\d+\.\d+)\t/, '+$1 s ')),
    })
  }
  return config
}

/**
 * --without-rollback: every `no-rollback-point` problem becomes a note and the host runs with no
 * rollback point at all (one that cannot be restored safely is not used either). True when it did.
 */
export function allowWithoutRollback(report: HostPreflight): boolean {
  const none = report.problems.filter((p) => p.code === 'no-rollback-point')
  if (none.length === 0) return false
  report.problems = report.problems.filter((p) => p.code !== 'no-rollback-point')
  for (const p of none) report.notes.push(`no rollback point, reloaded anyway (--without-rollback): ${p.message}`)
  report.rollbackHash = null
  report.rollbackSource = null
  return true
}

export async function preflight(transport: Transport, ctx: PreflightContext): Promise<PreflightState> {
  const report = emptyReport()
  const state: PreflightState = {report, lock: 'unknown', lockOwner: null, config: null, targets: [], errorLogs: [], withoutRollback: false}
  const inspect = buildScript({OWNER: ctx.owner, STEAL: ctx.steal, STEAL_ID: stealId(ctx.steal), RUN: ctx.run}, LOCK_TAKE + INSPECT_SH + SNAPSHOT_SH + ROLLBACK_POINT_SH)
  const s = await runScript(transport, inspect, {timeoutMs: ctx.timeoutMs, signal: ctx.signal})
  const lock = s.values.get('lock')
  if (lock === 'held') {
    state.lock = 'held'
    state.lockOwner = s.values.get('lock-owner') || null
    report.problems.push({
      code: 'locked',
      message: `another fleet reload holds /run/fleet-reload.lock: ${state.lockOwner ?? 'owner unknown'}`,
      evidence: state.lockOwner ? [state.lockOwner] : [],
    })
    return state
  }
  if (lock !== 'taken') {
    const why = s.values.get('lock-error') ?? `preflight script failed (exit ${s.code}): ${s.stderr.trim().split('\n').pop() ?? ''}`
    report.problems.push({code: 'remote-error', message: why, evidence: s.stderr.trim().split('\n')})
    return state
  }
  state.lock = 'taken'
  state.config = readInspect(s, report)
  if (ctx.withoutRollback) state.withoutRollback = allowWithoutRollback(report)
  if (state.config) {
    state.targets = healthTargets(state.config, ['/', ...ctx.healthPaths])
    // Relative error_log paths are against nginx's --prefix, not the conf dir.
    state.errorLogs = errorLogs(state.config, s.values.get('default-error-log') || null, s.values.get('nginx-prefix') || undefined)
    if (state.targets.length === 0) report.notes.push('no server with a literal name or address to probe: health is not verified on this host')
  }
  if (report.problems.length === 0 && state.targets.length > 0) {
    const probe = buildScript({TARGETS: encodeTargets(state.targets), PROBE_TIMEOUT: ctx.probeTimeoutSeconds}, `${PROBE_SH}\nbegin health; probe_round; end health`)
    const h = await runScript(transport, probe, {timeoutMs: ctx.timeoutMs, signal: ctx.signal})
    if (h.values.get('curl') === 'missing') {
      report.problems.push({code: 'health-baseline', message: 'curl is not installed on the host: health cannot be probed', evidence: []})
    }
    report.baseline = parseProbeLines(blockLines(h, 'health'))
  }
  report.ok = report.problems.length === 0
  return state
}
