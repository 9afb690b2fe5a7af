/** Where a value came from, so errors and `fleet hosts` can point at it. */
export interface SourceLocation {
  file: string
  line: number
  column: number
}

/** One host as the rest of fleet sees it, after inventory, group vars and ~/.ssh/config are merged. */
export interface HostSpec {
  /** Inventory name (what reports show). */
  name: string
  /** What to connect to: inventory address / ansible_host / ssh_config HostName / the name itself. */
  address: string
  port: number
  user?: string
  /** Private keys to offer, in order (already ~-expanded). */
  identityFiles: string[]
  /** Run the probe through `sudo -n` (implied for non-root users unless sudo: false). */
  sudo: boolean
  connection: 'ssh' | 'local'
  /** OpenSSH ProxyJump syntax: `[user@]host[:port]`, comma-separated hops; host may be an inventory name. */
  proxyJump?: string
  /** Every group the host belongs to, directly or through children. */
  groups: string[]
  /** Merged variables (defaults < group vars < host vars), kept for reports and checks that want them. */
  vars: Record<string, unknown>
  source?: SourceLocation
}

export interface GroupSpec {
  name: string
  /** Host names directly in the group. */
  hosts: string[]
  /** Child group names. */
  children: string[]
  vars: Record<string, unknown>
}

export interface Inventory {
  file: string
  format: 'native' | 'ansible'
  hosts: Map<string, HostSpec>
  groups: Map<string, GroupSpec>
  /** Things worth telling the operator that do not stop loading (ignored ssh_config Match blocks, empty groups). */
  warnings?: string[]
}
