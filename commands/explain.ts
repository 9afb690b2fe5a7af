import {Args} from '@oclif/core'

import {allCheckMetas, findCheckMeta} from '../src/checks/index.js'
import {FleetCommand} from '../src/cli/base-command.js'
import {UsageError} from '../src/cli/errors.js'
import {renderExplanation} from '../src/cli/explain.js'

export default class Explain extends FleetCommand {
  static summary = 'Explain a check: what it means, why it causes the symptom, how to fix it.'
  static examples = ['<%= config.bin %> explain upstream/socket-missing', '<%= config.bin %> explain']
  static enableJsonFlag = true
  static args = {id: Args.string({description: 'Check ID, e.g. fpm/max-children-reached (omit to list all).'})}

  async run(): Promise<unknown> {
    const {args} = await this.parse(Explain)
    if (!args.id) {
      for (const meta of allCheckMetas) this.log(`${meta.id.padEnd(30)} ${meta.severity.padEnd(8)} ${meta.summary}`)
      return allCheckMetas.map(({id, severity, summary}) => ({id, severity, summary}))
    }
    const meta = findCheckMeta(args.id)
    if (!meta) {
      throw new UsageError(`unknown check "${args.id}"; known: ${allCheckMetas.map((known) => known.id).join(', ')}`)
    }
    this.log(renderExplanation(meta))
    return {id: meta.id, severity: meta.severity, summary: meta.summary, ...meta.docs}
  }
}
