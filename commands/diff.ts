import {setMaxListeners} from 'node:events'

import * as Args from '@oclif/core/args'

import {FleetCommand} from '../src/cli/base-command.js'
import {connectionFlags, selectionFlags} from '../src/cli/flags.js'
import {escapeControls, sanitizeDeep} from '../src/report/sanitize.js'

export default class Diff extends FleetCommand {
  static summary = "Compare two hosts' effective nginx and PHP-FPM configuration, directive by directive."
  static description = `Probes both hosts (one SSH round trip each, as check does) and compares the parsed nginx configuration (includes inlined, by context path such as http > server[shop] > location[~ \\.php$]) and every FPM pool setting, printing each difference with its value and FILE:LINE on both hosts.

Exit codes (as diff(1)): 0 the same; 1 they differ; 2 a host could not be read; 64 usage error; 65 bad inventory.`

  static examples = ['<%= config.bin %> diff web03 web01', '<%= config.bin %> diff -i hosts.yml web03 web01 --json']
  static enableJsonFlag = true
  static strict = true
  static args = {
    hostA: Args.string({description: 'Inventory name of the first host.', required: true}),
    hostB: Args.string({description: 'Inventory name of the second host.', required: true}),
  }

  static flags = {inventory: selectionFlags.inventory, ...connectionFlags}

  async run(): Promise<unknown> {
    const {args, flags} = await this.parse(Diff)
    // Loaded here, not at the top: `fleet diff --help` loads this file too (start-up, issue 10).
    const [{runDiff}, {renderDiff}] = await Promise.all([import('../src/diff/run-diff.js'), import('../src/diff/render.js')])
    const abort = new AbortController()
    setMaxListeners(0, abort.signal)
    const onSigint = () => abort.abort()
    process.once('SIGINT', onSigint)
    try {
      const result = await runDiff({
        inventory: flags.inventory,
        hosts: [args.hostA, args.hostB],
        connection: {knownHosts: flags['known-hosts'], acceptNew: flags['accept-new'], identity: flags.identity},
        connectTimeoutMs: flags.timeout * 1000,
        commandTimeoutMs: flags['command-timeout'] * 1000,
        signal: abort.signal,
        warn: (message) => this.warn(escapeControls(message)),
      })
      process.exitCode = result.equal ? 0 : 1
      if (this.jsonEnabled()) return sanitizeDeep(result)
      this.log(renderDiff(result))
      return undefined
    } finally {
      process.removeListener('SIGINT', onSigint)
    }
  }
}
