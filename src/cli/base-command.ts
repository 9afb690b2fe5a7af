import {Command, Errors} from '@oclif/core'

import {EX_DATAERR, EX_USAGE} from '../report/exit-code.js'
import {escapeControls} from '../report/sanitize.js'

/**
 * Exit codes 0-3 belong to check results, so errors must never fall back to oclif's
 * default exit 2 (which would read as "critical"): bad flags and selections exit 64,
 * bad input files (inventory, waivers) exit 65.
 */
export abstract class FleetCommand extends Command {
  protected async catch(raw: Error & {exitCode?: number; oclif?: {exit?: number}}): Promise<unknown> {
    const error = cleanMessage(raw)
    const exit = exitFor(error)
    if (exit !== undefined) {
      if (error instanceof Errors.CLIError) {
        error.oclif = {...error.oclif, exit}
        return super.catch(error)
      }
      return super.catch(new Errors.CLIError(error.message, {exit}))
    }
    return super.catch(error)
  }
}

/** Error messages quote inventories, flags and hosts: the same sanitiser as every report. */
function cleanMessage<E extends Error & {exitCode?: number}>(error: E): E {
  const message = escapeControls(String(error.message))
  if (message === error.message) return error
  try {
    error.message = message
    return error
  } catch {
    // A read-only message: a plain error of the same name and exit code carries the clean one.
    return Object.assign(new Error(message), {name: error.name, exitCode: exitFor(error)}) as E
  }
}

function exitFor(error: Error & {exitCode?: number; oclif?: {exit?: number}}): number | undefined {
  if (error.name === 'InventoryError' || error.name === 'WaiverFileError') return EX_DATAERR
  if (error.name === 'SelectionError') return EX_USAGE
  if (typeof error.exitCode === 'number') return error.exitCode
  // oclif's own parse errors (unknown flag, bad option value, missing arg) carry exit 2.
  if (error instanceof Errors.CLIError && (error.oclif?.exit === 2 || error.oclif?.exit === undefined)) return EX_USAGE
  return undefined
}
