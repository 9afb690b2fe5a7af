import {access} from 'node:fs/promises'

import {loadInventory} from '../inventory/load.js'
import {selectHosts} from '../inventory/select.js'
import type {HostSpec, Inventory} from '../inventory/types.js'
import {escapeControls} from '../report/sanitize.js'
import {UsageError} from './errors.js'
import {localHostSpec} from './local-host.js'

export interface SelectionFlags {
  inventory: string
  group?: string[]
  limit?: string
  host?: string[]
  /** Every host: required when nothing else selects, as Ansible needs the pattern `all`. */
  all?: boolean
  local: boolean
}

/** Refuses a run that selects nothing explicitly, before any file is read. */
export function checkSelectionFlags(flags: SelectionFlags): void {
  const narrowed = Boolean(flags.group?.length || flags.limit || flags.host?.length)
  if (flags.local) {
    if (narrowed || flags.all) {
      throw new UsageError('--local checks this machine only; it does not combine with --all, --group, --limit or --host')
    }
    return
  }
  if (flags.all && narrowed) {
    throw new UsageError('--all selects every host; it does not combine with --group, --limit or --host (drop --all to narrow the selection)')
  }
  if (!flags.all && !narrowed) {
    throw new UsageError('no hosts selected: pass --group G, --limit PATTERN or --host NAME, or --all for every host of the inventory (or --local for this machine)')
  }
}

/** `--group web --limit 'web*'`, for the "N hosts selected (...)" line. */
export function describeSelection(flags: SelectionFlags): string {
  if (flags.local) return '--local: this machine'
  if (flags.all) return '--all'
  const parts = [
    ...(flags.group ?? []).map((group) => `--group ${group}`),
    ...(flags.limit ? [`--limit ${flags.limit}`] : []),
    ...(flags.host ?? []).map((host) => `--host ${host}`),
  ]
  return parts.join(' ')
}

/** "3 hosts selected (--group web) from inventory.yml", said before anything is contacted. */
export function selectedLine(flags: SelectionFlags, count: number): string {
  const from = flags.local ? '' : ` from ${flags.inventory}`
  // Flag values and the inventory path are shown back: the same sanitiser as every output.
  return escapeControls(`${count} ${count === 1 ? 'host' : 'hosts'} selected (${describeSelection(flags)})${from}`)
}

/**
 * Inventory + selection flags → the hosts to work on, and the whole inventory (ProxyJump
 * hops may name unselected hosts). Nothing is contacted here.
 */
export async function loadSelection(flags: SelectionFlags): Promise<{hosts: HostSpec[]; inventory?: Inventory}> {
  checkSelectionFlags(flags)
  if (flags.local) return {hosts: [localHostSpec()]}
  try {
    await access(flags.inventory)
  } catch {
    throw new UsageError(
      `inventory ${flags.inventory} not found: pass -i FILE (or set FLEET_INVENTORY), or use --local to check this machine`,
    )
  }
  const inventory = await loadInventory(flags.inventory)
  const hosts = selectHosts(inventory, flags.all ? {} : {groups: flags.group, limit: flags.limit, hosts: flags.host})
  if (hosts.length === 0) throw new UsageError(`the selection matches no host in ${flags.inventory}`)
  return {hosts, inventory}
}
