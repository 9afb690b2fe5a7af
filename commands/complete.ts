import {readFile} from 'node:fs/promises'
import path from 'node:path'
import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import {FleetCommand} from '../src/cli/base-command.js'
import {bashGlue, zshGlue, COMPLETION_KINDS, completionValues, type CompletionKind} from '../src/cli/completion.js'

/**
 * Hidden: what the shell completion calls. `fleet complete groups|hosts|checks` prints one
 * value a line, from the inventory file only (never SSH); `fleet complete bash|zsh` prints the
 * shell glue to eval.
 */
export default class Complete extends FleetCommand {
  static hidden = true
  static summary = 'Completion values from the inventory (used by the shell completion).'
  static args = {kind: Args.string({required: true, options: [...COMPLETION_KINDS, 'bash', 'zsh']})}
  static flags = {
    inventory: Flags.string({char: 'i', env: 'FLEET_INVENTORY', default: 'inventory.yml', summary: 'Inventory file.'}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Complete)
    if (args.kind === 'bash') {
      // The plugin writes its function under the cache dir; make sure it exists and is current.
      await this.config.runCommand('autocomplete:create')
      const pluginFunction = path.join(this.config.cacheDir, 'autocomplete', 'functions', 'bash', `${this.config.bin}.bash`)
      process.stdout.write(bashGlue(this.config.bin, pluginFunction))
      return
    }
    if (args.kind === 'zsh') {
      await this.config.runCommand('autocomplete:create')
      const pluginFunction = path.join(this.config.cacheDir, 'autocomplete', 'functions', 'zsh', `_${this.config.bin}`)
      process.stdout.write(zshGlue(this.config.bin, await readFile(pluginFunction, 'utf8')))
      return
    }
    const values = await completionValues(args.kind as CompletionKind, flags.inventory, path.join(this.config.cacheDir, 'complete'))
    if (values.length > 0) process.stdout.write(`${values.join('\n')}\n`)
  }
}
