/** Where run history lives: one file per (inventory, selection), under the XDG state directory. */
import {createHash} from 'node:crypto'
import {homedir} from 'node:os'
import path from 'node:path'

/** `$XDG_STATE_HOME/fleet`, else `~/.local/state/fleet` (XDG Base Directory spec). */
export function defaultStateDir(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  const xdg = env.XDG_STATE_HOME
  // The spec says relative values are invalid and must be ignored.
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'fleet')
  return path.join(home, '.local', 'state', 'fleet')
}

/**
 * Runs are compared only with runs of the same selection from the same inventory:
 * the key hashes the inventory's absolute path and the normalized selection.
 */
export function selectionKey(inventoryPath: string, selection: string | string[]): string {
  const parts = Array.isArray(selection) ? [...selection].sort() : [selection.trim()]
  return createHash('sha256')
    .update(path.resolve(inventoryPath))
    .update('\u0000')
    .update(parts.join('\u0000'))
    .digest('hex')
    .slice(0, 24)
}

/**
 * A readable name for a selection's history file, so a person listing the state directory can
 * tell the cron job's file from another: `inventory.yml_group=web_limit=web-` (inventory base
 * name and selection, anything but letters, digits and `.=-` folded to `-`, at most 80 characters).
 */
export function selectionLabel(inventoryPath: string, selection: string[]): string {
  const words = [path.basename(inventoryPath), ...[...selection].sort()]
  const label = words
    .map((word) => word.replace(/[^A-Za-z0-9.=-]+/g, '-'))
    .join('_')
    .replace(/^[.-]+/, '')
    .slice(0, 80)
  return label || 'selection'
}

const LABEL = /^[A-Za-z0-9=_-][A-Za-z0-9.=_-]{0,79}$/

/** `runs/LABEL.KEY.json` (the key keeps two selections with the same label apart); `runs/KEY.json` without a label. */
export function runFile(stateDir: string, key: string, label?: string): string {
  if (!/^[0-9a-f]{8,64}$/.test(key)) throw new Error(`invalid history key ${JSON.stringify(key)}: expected a selectionKey() hash`)
  if (label === undefined) return path.join(stateDir, 'runs', `${key}.json`)
  if (!LABEL.test(label)) throw new Error(`invalid history label ${JSON.stringify(label)}: expected a selectionLabel()`)
  return path.join(stateDir, 'runs', `${label}.${key}.json`)
}
