import type {CheckMeta, Severity} from '../types.js'
import type {DriftSetting} from './drift-settings.js'

/** One host of an inventory group, as a cross-host check sees it: settings read from its facts, null when unreadable. */
export interface GroupMember {
  host: string
  settings: DriftSetting[] | null
}

export interface FleetGroup {
  name: string
  /** In inventory order. */
  members: GroupMember[]
}

export interface FleetCheckContext {
  report(host: string, finding: {messageId: string; data?: Record<string, string | number>; evidence?: string[]; severity?: Severity}): void
}

/** A check judged across the hosts of a group: a pure function of what was collected, like Check. */
export interface FleetCheck {
  meta: CheckMeta
  run(groups: readonly FleetGroup[], context: FleetCheckContext): void
}
