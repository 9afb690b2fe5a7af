import {assessHost} from '../assess/assess-host.js'
import {driftSettings, type DriftSetting} from '../checks/fleet/drift-settings.js'
import type {HostSpec} from '../inventory/types.js'
import type {HostReport} from '../report/types.js'
import type {ProbeResult} from '../runner/run-host.js'

export interface JudgedHost {
  report: HostReport
  /** Only the few settings the cross-host checks compare outlive the probe: not every host's facts. */
  settings: DriftSetting[] | null
}

/** One host's probe result judged, on the main thread or a judging thread (this module is the pool's `module`). */
export function judge(host: HostSpec, result: ProbeResult): JudgedHost {
  return {report: assessHost(host, result), settings: result.ok ? driftSettings(result.facts) : null}
}

export const JUDGE_MODULE = import.meta.url
