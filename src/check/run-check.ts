import {allChecks, allFleetChecks} from '../checks/index.js'
import {driftSettings, type DriftSetting} from '../checks/fleet/drift-settings.js'
import {runFleetChecks} from '../checks/fleet/run-fleet-checks.js'
import type {FleetGroup} from '../checks/fleet/types.js'
import type {Inventory} from '../inventory/types.js'
import {judge, JUDGE_MODULE} from './judge-host.js'
import {defaultJudgeThreads} from '../runner/judge-pool.js'
import {refreshDerived} from '../assess/finalize.js'
import {emittableIds} from '../cli/explain.js'
import {checkConnectionInputs} from '../cli/inputs.js'
import {describeSelection, loadSelection, selectedLine, type SelectionFlags} from '../cli/selection.js'
import {createConnectors, type ConnectionSettings} from '../cli/connectors.js'
import type {RunnerEvent} from '../runner/run-fleet.js'
import {runFleet} from '../runner/run-fleet.js'
import {diffReports, lastCheckedAt, loadLastRun, saveRun, selectionKey, selectionLabel, type StoredRun} from '../history/index.js'
import {advanceTimeline, loadTimeline, saveTimeline, type Timeline} from '../history/timeline.js'
import {applyWaivers, loadWaivers, WaiverFileError, waiverProblems, type Waiver} from '../waivers/index.js'
import {summarize} from '../report/status.js'
import type {FleetReport, HostReport} from '../report/types.js'
import {hostStatus} from '../report/status.js'
import {rootCause} from '../assess/cause.js'
import type {HostSpec} from '../inventory/types.js'

export interface CheckRunOptions {
  selection: SelectionFlags
  connection: ConnectionSettings
  /** Seconds, or 'last': each host's window starts where the previous run of this selection checked it. */
  since: number | 'last'
  /** Window for hosts the history does not know yet (with since: 'last'). */
  defaultWindowSeconds: number
  maxLogBytes: number
  concurrency: number
  /** Threads that parse and judge hosts' outputs; absent: defaultJudgeThreads (none below 200 hosts). */
  judgeThreads?: number
  connectTimeoutMs: number
  commandTimeoutMs: number
  waiversFile?: string
  /** Where runs are kept; null disables history. */
  stateDir: string | null
  diff: boolean
  signal?: AbortSignal
  onEvent?(event: RunnerEvent): void
  /** "N hosts selected (...)", said once everything was validated and before any host is contacted. */
  onSelected?(line: string): void
  warn?(message: string): void
}

export interface CheckRun {
  report: FleetReport
  /** Every check ID that ran (JUnit lists the passing ones). */
  checkIds: string[]
  /** When each finding appeared and went away, this run included; only when the run uses history. */
  timeline?: Timeline
}

/**
 * The whole `fleet check`: everything that can be refused (inventory, selection,
 * waivers, history) is read before any host is contacted; then one round trip per
 * host, then judgement, waivers, the diff against the last run, and history.
 */
export async function runCheck(options: CheckRunOptions): Promise<CheckRun> {
  const {hosts, inventory} = await loadSelection(options.selection)
  const waivers: Waiver[] = options.waiversFile ? await loadWaivers(options.waiversFile) : []
  // A waiver for a check no fleet emits, or for hosts the inventory does not have, waives nothing: refused.
  const problems = waiverProblems(waivers, {
    checkIds: emittableIds,
    hosts: inventory ? [...inventory.hosts.values()].map((host) => ({name: host.name, groups: host.groups})) : undefined,
    inventory,
  })
  if (problems.length > 0) throw new WaiverFileError(problems)
  await checkConnectionInputs(options.connection)
  const {key, label} = historyKey(options.selection)
  const previous = options.stateDir ? await loadLastRun(key, {stateDir: options.stateDir, label}) : null
  let timeline = options.stateDir ? ((await loadTimeline(key, {stateDir: options.stateDir, label})) ?? undefined) : undefined
  const windowFor = windowPolicy(options, previous)

  options.onSelected?.(selectedLine(options.selection, hosts.length))
  const connectors = createConnectors({...options.connection, inventory})
  const startedAt = new Date()
  try {
    for (const problem of await connectors.preload(hosts)) options.warn?.(problem)
    const run = await runFleet(hosts, {
      concurrency: options.concurrency,
      connectorFor: connectors.connectorFor,
      connectTimeoutMs: options.connectTimeoutMs,
      commandTimeoutMs: options.commandTimeoutMs,
      windowSeconds: options.defaultWindowSeconds,
      windowSecondsFor: windowFor,
      maxLogBytes: options.maxLogBytes,
      signal: options.signal,
      onEvent: options.onEvent,
      finish: judge,
      judgeThreads: {module: JUDGE_MODULE, threads: options.judgeThreads ?? defaultJudgeThreads(hosts.length)},
    })
    const hostReports = withFleetFindings(
      run.results.map((result) => result.report),
      fleetGroups(hosts, inventory, new Map(run.results.map((result) => [result.report.host, result.settings]))),
      options.warn,
    )
    let report: FleetReport = {
      version: 1,
      hosts: hostReports,
      summary: summarize(hostReports),
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
    }
    if (run.interrupted) report.interrupted = true
    const groupsOf = (name: string) => inventory?.hosts.get(name)?.groups ?? []
    if (waivers.length > 0) report = applyWaivers(report, waivers, startedAt, {inventory, groupsOf})
    if (options.stateDir && !run.interrupted) {
      // An interrupted run is not a baseline: it would mark every unfinished host as changed next time.
      await saveRun(report, {stateDir: options.stateDir, key, label, selection: describeSelection(options.selection), at: startedAt, inventory: options.selection.local ? undefined : options.selection.inventory})
      timeline = advanceTimeline(timeline ?? null, report, startedAt)
      await saveTimeline(timeline, {stateDir: options.stateDir, key, label})
    }
    if (options.diff) report = diffReports(previous?.report ?? null, report)
    return {report: refreshDerived(report), checkIds: [...allChecks, ...allFleetChecks].map((check) => check.meta.id).sort(), ...(timeline ? {timeline} : {})}
  } finally {
    await connectors.close()
  }
}

/** Ansible's implicit groups gather unrelated hosts: their members are not peers that should agree. */
const NOT_PEERS = new Set(['all', 'ungrouped'])

/** The inventory groups of the selected hosts, each with its selected members in inventory order. */
export function fleetGroups(hosts: readonly HostSpec[], inventory: Inventory | undefined, settings: ReadonlyMap<string, DriftSetting[] | null>): FleetGroup[] {
  if (!inventory) return []
  const groups = new Map<string, FleetGroup>()
  for (const host of hosts) {
    for (const name of inventory.hosts.get(host.name)?.groups ?? []) {
      if (NOT_PEERS.has(name)) continue
      let group = groups.get(name)
      if (!group) groups.set(name, (group = {name, members: []}))
      group.members.push({host: host.name, settings: settings.get(host.name) ?? null})
    }
  }
  // A parent group holding exactly its child's hosts would say every finding twice.
  const seen = new Set<string>()
  return [...groups.values()].filter((group) => {
    const members = group.members.map((member) => member.host).join('\n')
    if (seen.has(members)) return false
    seen.add(members)
    return true
  })
}

function withFleetFindings(reports: HostReport[], groups: readonly FleetGroup[], warn?: (message: string) => void): HostReport[] {
  const found = runFleetChecks(allFleetChecks, groups, warn)
  if (found.size === 0) return reports
  return reports.map((report) => {
    const extra = found.get(report.host)
    if (!extra || report.status === 'unreachable') return report
    const findings = [...report.findings, ...extra]
    const next = {...report, findings, cause: rootCause(findings)}
    return {...next, status: hostStatus(next)}
  })
}

function historyKey(selection: SelectionFlags): {key: string; label: string} {
  const parts = [
    ...(selection.group ?? []).map((group) => `group=${group}`),
    ...(selection.host ?? []).map((host) => `host=${host}`),
    ...(selection.limit ? [`limit=${selection.limit}`] : []),
  ]
  const inventory = selection.local ? '<local>' : selection.inventory
  const words = selection.local ? ['local'] : parts
  // --all is the selection of older versions' plain run: the same key, so their history carries on.
  return {key: selectionKey(inventory, words), label: selectionLabel(selection.local ? 'local' : inventory, selection.local ? [] : parts.length ? parts : ['all'])}
}

function windowPolicy(options: CheckRunOptions, previous: StoredRun | null): ((host: HostSpec) => number) | undefined {
  if (options.since !== 'last') {
    const seconds = options.since
    return () => seconds
  }
  return (host) => {
    const last = lastCheckedAt(previous, host.name)
    if (!last) return options.defaultWindowSeconds
    // Whole seconds, never zero: a line logged in the same second as the last run still counts.
    return Math.max(1, Math.ceil((Date.now() - last.getTime()) / 1000))
  }
}
