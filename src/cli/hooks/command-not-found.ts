import type {Hook} from '@oclif/core'
import * as Errors from '@oclif/core/errors'

import {closest} from '../../inventory/suggest.js'
import {EX_USAGE} from '../../report/exit-code.js'
import {escapeControls} from '../../report/sanitize.js'
import {usageExit} from '../usage-exit.js'

/**
 * `fleet chek` or `fleet --versoin`: a usage error (exit 64, never oclif's 2, which reads as
 * critical) with "did you mean", instead of a page of help.
 */
const hook: Hook.CommandNotFound = async function (options) {
  const id = options.id
  const candidates = id.startsWith('-') ? ['--help', '--version', '-h'] : options.config.commandIDs
  const hit = closest(id, candidates)
  const what = id.startsWith('-') ? 'flag' : 'command'
  const hint = hit === undefined ? `; commands: ${options.config.commandIDs.join(', ')}` : `; did you mean "${hit}"?`
  throw new Errors.CLIError(escapeControls(`unknown ${what} "${id}"${hint} (fleet --help lists them)`), {exit: usageExit(options.argv ?? [], EX_USAGE)})
}

export default hook
