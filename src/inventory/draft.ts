/** What each format reader produces before ~/.ssh/config and defaults are applied. */
import type {GroupSpec, SourceLocation} from './types.js'

/** Connection settings as written in the inventory (absent = not said). */
export interface HostSettings {
  address?: string
  port?: number
  user?: string
  identityFiles?: string[]
  sudo?: boolean
  connection?: 'ssh' | 'local'
  proxyJump?: string
}

export interface HostDraft {
  name: string
  settings: HostSettings
  /** Merged variables, lowest to highest precedence already applied. */
  vars: Record<string, unknown>
  /** Every group holding the host, directly or through children (without `all`). */
  groups: string[]
  source: SourceLocation
}

export interface InventoryDraft {
  format: 'native' | 'ansible'
  /** In inventory order (first definition). */
  hosts: HostDraft[]
  groups: Map<string, GroupSpec>
  warnings: string[]
}
