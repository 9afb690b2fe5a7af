import {setMaxListeners} from 'node:events'

import * as Flags from '@oclif/core/flags'

import {FleetCommand} from '../src/cli/base-command.js'
import {UsageError} from '../src/cli/errors.js'
import {durationFlag, connectionFlags, selectionFlags} from '../src/cli/flags.js'
import {LEVELS, type Level} from '../src/logs-view/events.js'
import type {FoldedLine} from '../src/logs-view/fold.js'
import type {Sanitized} from '../src/report/index.js'

export default class Logs extends FleetCommand {
  static summary = "One view of the selected hosts' nginx error, PHP-FPM and kernel log lines, folded across hosts and time."
  static description = `Reads the nginx error logs, the PHP-FPM logs and the kernel log (journal) of every selected host in the window (one SSH round trip per host, at most --max-log-bytes from the end of each log) and folds identical messages: numbers, addresses and request ids are masked, and each folded line shows the count, the hosts (as ranges), first and last seen, and one real line.

--follow polls every host again every --interval and prints only the lines that are new or whose count grew; Ctrl-C ends it. With --json, --follow prints one JSON object per poll and line.

Exit codes: 0 every host was read; 3 a host could not be read; 64 usage error; 65 bad inventory.`

  static examples = [
    '<%= config.bin %> logs --group prod --since 15m',
    "<%= config.bin %> logs --group prod --level error --grep 'upstream'",
    '<%= config.bin %> logs --group prod --follow --interval 10s',
  ]

  static enableJsonFlag = true

  static flags = {
    ...selectionFlags,
    ...connectionFlags,
    since: Flags.string({summary: 'Log window: 15m, 1h, 24h, 2d.', default: '15m'}),
    grep: Flags.string({summary: 'Keep only log lines this JavaScript regular expression matches (tested against the whole line).'}),
    level: Flags.string({summary: 'Keep only nginx/PHP-FPM lines at this level or worse (kernel lines carry no level and are then left out).', options: [...LEVELS]}),
    follow: Flags.boolean({summary: 'Keep polling and print new lines and grown counts until Ctrl-C.', default: false}),
    interval: durationFlag({summary: 'Seconds between polls with --follow.', default: 10, min: 1, max: 3600}),
    'max-log-bytes': Flags.integer({summary: 'Bytes read from the end of each log on each host.', default: 262_144, min: 4096}),
  }

  async run(): Promise<unknown> {
    const {flags} = await this.parse(Logs)
    // Loaded here, not at the top: `fleet logs --help` loads this file too (start-up, issue 10).
    const [{createProgress}, {parseSince}, {renderHostProblems, renderLine, renderView}, {runLogs}, {EXIT_UNREACHABLE, escapeControls, sanitizeDeep}] = await Promise.all([
      import('../src/cli/progress.js'),
      import('../src/cli/since.js'),
      import('../src/logs-view/render.js'),
      import('../src/logs-view/run-logs.js'),
      import('../src/report/index.js'),
    ])
    // `check --since last` reads the run history; logs keeps none, so `last` would mean nothing here.
    if (flags.since.trim() === 'last') throw new UsageError('--since: fleet logs takes a duration like 15m, 1h or 2d ("last" is for fleet check)')
    const windowSeconds = parseSince(flags.since)
    let grep: RegExp | undefined
    if (flags.grep !== undefined) {
      try {
        grep = new RegExp(flags.grep)
      } catch (error) {
        throw new UsageError(`--grep: not a regular expression: ${(error as Error).message}`)
      }
    }
    const json = this.jsonEnabled()
    const abort = new AbortController()
    setMaxListeners(0, abort.signal)
    const onSigint = () => abort.abort()
    process.on('SIGINT', onSigint)
    const progress = flags.follow ? undefined : createProgress()
    try {
      const view = await runLogs({
        selection: flags,
        connection: {knownHosts: flags['known-hosts'], acceptNew: flags['accept-new'], identity: flags.identity},
        windowSeconds,
        maxLogBytes: flags['max-log-bytes'],
        concurrency: flags.concurrency,
        connectTimeoutMs: flags.timeout * 1000,
        commandTimeoutMs: flags['command-timeout'] * 1000,
        filter: {level: flags.level as Level | undefined, grep},
        followSeconds: flags.follow ? flags.interval : undefined,
        signal: abort.signal,
        onEvent: progress?.onEvent,
        onSelected: (line) => process.stderr.write(`${line}\n`),
        warn: (message) => this.warn(escapeControls(message)),
        onPoll: (poll) => {
          const safe = sanitizeDeep(poll)
          if (json) {
            // One JSON object per poll and line (oclif's log() is silent under --json).
            process.stdout.write(`${JSON.stringify({poll: safe.index, hosts: safe.hosts, lines: safe.lines.map(({line, delta}) => ({...line, new: delta}))})}\n`)
            return
          }
          for (const {line, delta} of safe.lines) this.log(`${renderLine(line as Sanitized<FoldedLine>, delta)}\n`)
          for (const problem of renderHostProblems(safe.hosts as Sanitized<typeof poll.hosts>)) process.stderr.write(`${problem}\n`)
        },
      })
      progress?.done()
      if (flags.follow) {
        process.exitCode = 0
        return undefined
      }
      process.exitCode = view.summary.unreadable > 0 ? EXIT_UNREACHABLE : 0
      const safe = sanitizeDeep(view)
      if (json) return safe
      this.log(renderView(safe))
      return undefined
    } finally {
      process.removeListener('SIGINT', onSigint)
    }
  }
}
