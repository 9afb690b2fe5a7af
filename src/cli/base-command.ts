import {Command} from '@oclif/core/command'
import * as Errors from '@oclif/core/errors'

import {closest} from '../inventory/suggest.js'
import {EX_DATAERR, EX_USAGE} from '../report/exit-code.js'
import {escapeControls} from '../report/sanitize.js'
import {NAGIOS_UNKNOWN, usageExit, wantsNagios} from './usage-exit.js'

/**
 * Exit codes 0-3 belong to check results, so errors must never fall back to oclif's
 * default exit 2 (which would read as "critical"): bad flags and selections exit 64,
 * bad input files (inventory, waivers) exit 65; with `--format nagios` both exit 3 (UNKNOWN).
 */
export abstract class FleetCommand extends Command {
  /**
   * `--json` output. oclif colorizes it token by token even with no theme to apply (about
   * 0.3 s of CPU for a 1,000-host report); without a JSON theme the text is the same, made at once.
   */
  logJson(json: unknown): void {
    if (this.config?.theme?.json) return super.logJson(json)
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`)
  }

  protected async catch(raw: Error & {exitCode?: number; oclif?: {exit?: number}}): Promise<unknown> {
    const error = cleanMessage(withSuggestion(raw, this.flagNames()))
    // Under Nagios any failure to run is UNKNOWN, never the plugin's OK/WARNING/CRITICAL.
    const exit = exitFor(error) ?? (wantsNagios(this.argv) ? NAGIOS_UNKNOWN : undefined)
    if (exit !== undefined) {
      const code = usageExit(this.argv, exit)
      // oclif's --json path exits with process.exitCode, not the error's own code.
      process.exitCode = code
      if (error instanceof Errors.CLIError) {
        error.oclif = {...error.oclif, exit: code}
        return super.catch(error)
      }
      return super.catch(new Errors.CLIError(error.message, {exit: code}))
    }
    return super.catch(error)
  }

  private flagNames(): string[] {
    const flags = (this.constructor as typeof Command).flags ?? {}
    return Object.entries(flags).flatMap(([name, flag]) => [`--${name}`, ...(flag.char ? [`-${flag.char}`] : [])])
  }
}

/** "Nonexistent flag: --grup" gets `did you mean "--group"?` instead of a page of help. */
function withSuggestion<E extends Error & {flags?: unknown; args?: unknown; showHelp?: boolean}>(error: E, known: string[]): E {
  if (Array.isArray(error.args) && error.message.startsWith('Unexpected argument')) {
    error.showHelp = false
    try {
      error.message = `${error.message}\nrepeatable flags take one value each (--group a --group b); a word after them is not a second value`
    } catch {
      // A read-only message keeps oclif's own text.
    }
    return error
  }
  if (!Array.isArray(error.flags) || error.flags.length === 0) return error
  // The message says "See more help with --help": a page of help would bury the one line that matters.
  error.showHelp = false
  const hints = (error.flags as string[])
    .map((flag) => [flag, closest(flag.split('=')[0], known)] as const)
    .filter(([, hit]) => hit !== undefined)
    .map(([flag, hit]) => `${flag}: did you mean ${hit}?`)
  if (hints.length === 0) return error
  try {
    error.message = `${error.message}\n${hints.join('\n')}`
  } catch {
    // A read-only message keeps oclif's own text.
  }
  return error
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
