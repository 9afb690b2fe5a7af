import {setMaxListeners} from 'node:events'

import * as Flags from '@oclif/core/flags'

import {FleetCommand} from '../src/cli/base-command.js'
import {connectionFlags, selectionFlags} from '../src/cli/flags.js'
import {UsageError} from '../src/cli/errors.js'
import {defaultStateDir} from '../src/history/paths.js'
import {FORMAT_NAMES} from '../src/report/formats/index.js'

export default class Check extends FleetCommand {
  static summary = 'Check every selected host and say why its sites answer 502, 504, 404 or 400.'
  static description = `Connects to every selected host in parallel (one SSH round trip each), collects service states, nginx and PHP-FPM config, sockets and log tails, runs every check and prints one fleet-wide report.

Exit codes: 0 nothing at warning or worse (or below --fail-on); 1 warnings; 2 a critical finding; 3 a host could not be checked and nothing is critical; 64 usage error; 65 bad input file (inventory, waivers). With --format nagios the plugin convention applies (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN, usage errors included).

Select with --group, --limit or --host, or --all for every host. History (--state-dir) is read and written by runs off a terminal and by runs that ask for it: --record, --since last, --diff, --only-changes.`

  static examples = [
    '<%= config.bin %> check --group prod',
    '<%= config.bin %> check -i hosts.yml --limit "web*:!web03" --since 15m',
    '<%= config.bin %> check -i hosts.yml --all --timeout 5s',
    '<%= config.bin %> check --local',
    '<%= config.bin %> check --group prod --json > fleet.json',
    '<%= config.bin %> check --group prod --since last --only-changes --format jsonl   # from cron',
    '<%= config.bin %> check --group prod --format prometheus -o /var/lib/node_exporter/textfile/fleet.prom',
  ]

  static enableJsonFlag = true

  static flags = {
    ...selectionFlags,
    ...connectionFlags,
    since: Flags.string({summary: "Log window: 15m, 1h, 24h, 2d, or 'last' (since this selection's previous run).", default: '1h'}),
    'max-log-bytes': Flags.integer({summary: 'Bytes read from the end of each log on each host.', default: 262_144, min: 4096}),
    'judge-threads': Flags.integer({
      summary: 'Threads that parse and judge hosts\' outputs while the main one talks SSH; 0: all on the main thread.',
      description: 'Default: none below 200 hosts; from 200, one per CPU beyond the first, at most 4.',
      min: 0,
      max: 16,
    }),
    format: Flags.string({char: 'f', summary: 'Output format.', options: [...FORMAT_NAMES]}),
    output: Flags.string({char: 'o', summary: 'Write the report to FILE atomically (temporary file, then rename) instead of stdout.'}),
    'fail-on': Flags.string({summary: 'Lowest severity that makes the exit code non-zero.', options: ['warning', 'critical'], default: 'warning'}),
    waivers: Flags.string({summary: 'YAML file of accepted findings (check, hosts, justification, expires).'}),
    'state-dir': Flags.string({summary: 'Where the last run of each selection is kept.', default: defaultStateDir(), defaultHelp: async () => '$XDG_STATE_HOME/fleet'}),
    'no-history': Flags.boolean({summary: 'Neither read nor write the run history.', default: false}),
    record: Flags.boolean({
      summary: 'Read and write the run history even at a terminal (runs off a TTY, --since last, --diff and --only-changes always do).',
      default: false,
    }),
    diff: Flags.boolean({summary: 'Mark each finding added, removed or unchanged since the previous run.', default: false}),
    'only-changes': Flags.boolean({summary: 'Print only what changed since the previous run; nothing (and exit 0) when nothing did.', default: false}),
    verbose: Flags.boolean({char: 'v', summary: 'Table: every host and the findings with evidence and fix (default: one line per host that is not ok).', default: false}),
    severity: Flags.string({summary: 'Table: hide findings and hosts below this severity.', options: ['info', 'warning', 'critical'], default: 'info'}),
    evidence: Flags.string({summary: "Table: 'all' prints every evidence line of each finding (implies -v).", options: ['some', 'all'], default: 'some'}),
  }

  async run(): Promise<unknown> {
    const {flags} = await this.parse(Check)
    // Loaded here, not at the top: `fleet check --help` loads this file too (start-up, issue 10).
    const [{runCheck}, {createProgress}, {renderReport}, {parseSince}, {checkOutputPath}, {changedPart, historyWanted, onlyChanges}, {escapeControls, exitCode, nagiosExitCode}] =
      await Promise.all([
        import('../src/check/run-check.js'),
        import('../src/cli/progress.js'),
        import('../src/cli/render.js'),
        import('../src/cli/since.js'),
        import('../src/cli/inputs.js'),
        import('../src/history/index.js'),
        import('../src/report/index.js'),
      ])
    if (this.jsonEnabled() && flags.format !== undefined && flags.format !== 'json') {
      throw new UsageError(`--json and --format ${flags.format} ask for two formats: pass one of them`)
    }
    const since = flags.since === 'last' ? 'last' : parseSince(flags.since)
    const ask = {
      record: flags.record,
      noHistory: flags['no-history'],
      sinceLast: since === 'last',
      diff: flags.diff,
      onlyChanges: flags['only-changes'],
      interactive: Boolean(process.stdin.isTTY),
    }
    if (ask.noHistory && (ask.record || ask.sinceLast || ask.diff || ask.onlyChanges)) {
      throw new UsageError('--no-history does not combine with --record, --since last, --diff or --only-changes (they need the history)')
    }
    // A report that cannot be written is refused now, not after every host was checked.
    if (flags.output !== undefined) await checkOutputPath(flags.output)
    const abort = new AbortController()
    // Every host in flight listens on this one signal: 50 at once is by design, not a leak.
    setMaxListeners(0, abort.signal)
    const onSigint = () => abort.abort()
    process.once('SIGINT', onSigint)
    const progress = createProgress()
    try {
      const {report, checkIds, timeline} = await runCheck({
        selection: flags,
        connection: {knownHosts: flags['known-hosts'], acceptNew: flags['accept-new'], identity: flags.identity},
        since,
        defaultWindowSeconds: 3600,
        maxLogBytes: flags['max-log-bytes'],
        concurrency: flags.concurrency,
        judgeThreads: flags['judge-threads'],
        connectTimeoutMs: flags.timeout * 1000,
        commandTimeoutMs: flags['command-timeout'] * 1000,
        waiversFile: flags.waivers,
        stateDir: historyWanted(ask) ? flags['state-dir'] : null,
        diff: flags.diff || flags['only-changes'],
        signal: abort.signal,
        onEvent: progress.onEvent,
        // On stderr: stdout stays the report (JSON, Nagios, ...). --only-changes promises silence
        // when nothing changed (cron mails any output), so it keeps quiet here too.
        onSelected: (line) => (flags['only-changes'] ? undefined : process.stderr.write(`${line}\n`)),
        // Warnings quote inventories, known_hosts and waiver files: the same sanitiser as the report.
        warn: (message) => this.warn(escapeControls(message)),
      })
      progress.done()
      if (flags['only-changes'] && !onlyChanges(report)) {
        process.exitCode = 0
        return this.jsonEnabled() ? {version: 1, hosts: [], summary: report.summary, unchanged: true} : undefined
      }
      const shown = flags['only-changes'] ? changedPart(report) : report
      const format = this.jsonEnabled() ? 'json' : (flags.format ?? 'table')
      process.exitCode = format === 'nagios' ? nagiosExitCode(report) : exitCode(report, {failOn: flags['fail-on'] as 'warning' | 'critical'})
      const view = {
        // Naming hosts asks about them, and a diff is about findings: their blocks are shown.
        verbose: flags.verbose || flags.evidence === 'all' || (flags.host?.length ?? 0) > 0 || flags.diff || flags['only-changes'],
        evidence: flags.evidence as 'some' | 'all',
        minSeverity: flags.severity as 'info' | 'warning' | 'critical',
      }
      const rendered = await renderReport(shown, {format, output: flags.output, checkIds, view, timeline})
      if (this.jsonEnabled()) return rendered.json
      if (rendered.text !== undefined) this.log(rendered.text)
      return undefined
    } finally {
      process.removeListener('SIGINT', onSigint)
    }
  }
}
