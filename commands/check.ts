import {Flags} from '@oclif/core'

import {FleetCommand} from '../src/cli/base-command.js'

import {assessHost} from '../src/assess/assess-host.js'
import {summarize} from '../src/assess/status.js'
import {connectionFlags, selectionFlags} from '../src/cli/flags.js'
import {createConnectors} from '../src/cli/connectors.js'
import {loadSelection} from '../src/cli/selection.js'
import {parseSince} from '../src/cli/since.js'
import {createProgress} from '../src/cli/progress.js'
import type {FleetReport} from '../src/report/types.js'
import {renderReport} from '../src/cli/render.js'
import {exitCode} from '../src/report/exit-code.js'
import {runFleet} from '../src/runner/run-fleet.js'

export default class Check extends FleetCommand {
  static summary = 'Check every selected host and say why its sites answer 502, 504, 404 or 400.'
  static description =
    'Connects to every selected host in parallel (one SSH round trip each), collects service states, nginx and PHP-FPM config, sockets and log tails, runs every check and prints one fleet-wide report.\n\nExit codes: 0 nothing at warning or worse; 1 warnings; 2 a critical finding; 3 a host could not be checked and nothing is critical; 64 usage error; 65 bad inventory.'

  static examples = [
    '<%= config.bin %> check --group prod',
    '<%= config.bin %> check -i hosts.yml --limit "web*:!web03" --since 15m',
    '<%= config.bin %> check --local',
    '<%= config.bin %> check --group prod --json > fleet.json',
  ]

  static enableJsonFlag = true

  static flags = {
    ...selectionFlags,
    ...connectionFlags,
    since: Flags.string({summary: 'Log window: 15m, 1h, 24h, 2d.', default: '1h'}),
    'max-log-bytes': Flags.integer({summary: 'Bytes read from the end of each log on each host.', default: 262_144, min: 4096}),
    format: Flags.string({char: 'f', summary: 'Output format: table, json, jsonl, junit, nagios, prometheus, markdown, html.'}),
    output: Flags.string({char: 'o', summary: 'Write the report to FILE (atomically) instead of stdout.'}),
    'fail-on': Flags.string({summary: 'Lowest severity that makes the exit code non-zero.', options: ['warning', 'critical'], default: 'warning'}),
  }

  async run(): Promise<unknown> {
    const {flags} = await this.parse(Check)
    const windowSeconds = parseSince(flags.since)
    const {hosts, inventory} = await loadSelection(flags)
    const connectors = createConnectors({knownHosts: flags['known-hosts'], acceptNew: flags['accept-new'], identity: flags.identity, inventory})
    for (const problem of await connectors.preload(hosts)) this.warn(problem)
    const abort = new AbortController()
    const onSigint = () => abort.abort()
    process.once('SIGINT', onSigint)
    const progress = createProgress(hosts.length)
    try {
      const run = await runFleet(hosts, {
        concurrency: flags.concurrency,
        connectorFor: connectors.connectorFor,
        connectTimeoutMs: flags.timeout * 1000,
        commandTimeoutMs: flags['command-timeout'] * 1000,
        windowSeconds,
        maxLogBytes: flags['max-log-bytes'],
        signal: abort.signal,
        onEvent: progress.onEvent,
      })
      progress.done()
      const hostReports = run.results.map(({host, result}) => assessHost(host, result))
      const report: FleetReport = {version: 1, hosts: hostReports, summary: summarize(hostReports)}
      if (run.interrupted) report.interrupted = true
      process.exitCode = exitCode(report, {failOn: flags['fail-on'] as 'warning' | 'critical'})
      const format = this.jsonEnabled() ? 'json' : (flags.format ?? 'table')
      const rendered = await renderReport(report, {format, output: flags.output})
      if (this.jsonEnabled()) return rendered.json
      if (rendered.text !== undefined) this.log(rendered.text)
      return undefined
    } finally {
      process.removeListener('SIGINT', onSigint)
      await connectors.close()
    }
  }
}
