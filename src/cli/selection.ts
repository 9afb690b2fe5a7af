import {access} from 'node:fs/promises'

import {loadInventory} from '../inventory/load.js'
import {selectHosts} from '../inventory/select.js'
import type {HostSpec, Inventory} from '../inventory/types.js'
import {UsageError} from './errors.js'
import {localHostSpec} from './local-host.js'

export interface SelectionFlags {
  inventory: string
  group?: string[]
  limit?: string
  host?: string[]
  local: boolean
}

/**
 * Inventory + selection flags → the hosts to work on, and the whole inventory (ProxyJump
 * hops may name unselected hosts). Nothing is contacted here.
 */
export async function loadSelection(flags: SelectionFlags): Promise<{hosts: HostSpec[]; inventory?: Inventory}> {
  if (flags.local) {
    if (flags.group?.length || flags.limit || flags.host?.length) {
      throw new UsageError('--local checks this machine only; it does not combine with --group, --limit or --host')
    }
    return {hosts: [localHostSpec()]}
  }
  try {
    await access(flags.inventory)
  } catch {
    throw new UsageError(
      `inventory ${flags.inventory} not found: pass -i FILE (or set FLEET_INVENTORY), or use --local to check this machine`,
    )
  }
  const inventory = await loadInventory(flags.inventory)
  const hosts = selectHosts(inventory, {groups: flags.group, limit: flags.limit, hosts: flags.host})
  if (hosts.length === 0) throw new UsageError(`the selection matches no host in ${flags.inventory}`)
  return {hosts, inventory}
}
