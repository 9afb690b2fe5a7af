import {access} from 'node:fs/promises'

import {loadInventory} from '../inventory/load.js'
import {selectHosts} from '../inventory/select.js'
import type {HostSpec} from '../inventory/types.js'
import {UsageError} from './errors.js'
import {localHostSpec} from './local-host.js'

export interface SelectionFlags {
  inventory: string
  group?: string[]
  limit?: string
  host?: string[]
  local: boolean
}

/** Inventory + selection flags → the hosts to work on. Nothing is contacted here. */
export async function resolveSelection(flags: SelectionFlags): Promise<HostSpec[]> {
  if (flags.local) {
    if (flags.group?.length || flags.limit || flags.host?.length) {
      throw new UsageError('--local checks this machine only; it does not combine with --group, --limit or --host')
    }
    return [localHostSpec()]
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
  return hosts
}
