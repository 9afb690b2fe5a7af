import * as Args from '@oclif/core/args'

import {FleetCommand} from '../src/cli/base-command.js'
import {UsageError} from '../src/cli/errors.js'
import {emittableIds, emittableMetas, renderExplanation} from '../src/cli/explain.js'
import {didYouMean} from '../src/inventory/suggest.js'

export default class Explain extends FleetCommand {
  static summary = 'Explain a check: what it means, why it causes the symptom, how to fix it.'
  static examples = ['<%= config.bin %> explain upstream/socket-missing', '<%= config.bin %> explain']
  static enableJsonFlag = true
  static args = {id: Args.string({description: 'Check ID, e.g. fpm/max-children-reached (omit to list all).'})}

  async run(): Promise<unknown> {
    const {args} = await this.parse(Explain)
    if (!args.id) {
      for (const meta of emittableMetas) this.log(`${meta.id.padEnd(30)} ${meta.severity.padEnd(8)} ${meta.summary}`)
      return emittableMetas.map(({id, severity, summary}) => ({id, severity, summary}))
    }
    const meta = emittableMetas.find((known) => known.id === args.id)
    if (!meta) {
      const hint = didYouMean(args.id, emittableIds)
      throw new UsageError(`unknown check "${args.id}"${hint || `; known: ${emittableIds.join(', ')}`} (fleet explain lists them)`)
    }
    this.log(renderExplanation(meta))
    return {id: meta.id, severity: meta.severity, summary: meta.summary, ...meta.docs}
  }
}
