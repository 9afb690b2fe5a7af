import {setMaxListeners} from 'node:events'
import {createInterface} from 'node:readline/promises'

import type {Interfaces} from '@oclif/core'
import * as Flags from '@oclif/core/flags'

import {FleetCommand} from '../src/cli/base-command.js'
import {UsageError} from '../src/cli/errors.js'
import {connectionFlags, durationFlag, selectionFlags} from '../src/cli/flags.js'
import {describeBatches, parseBatchSpec, parseMaxFail, PlanError} from '../src/reload/plan.js'
import {escapeControls} from '../src/report/sanitize.js'
import type {ReloadReport} from '../src/reload/types.js'

// The modules that talk to hosts are loaded when a method needs them, not at the top:
// `fleet reload --help` loads this file too (start-up, issue 10).

export default class Reload extends FleetCommand {
  static summary = 'Reload nginx across the fleet in batches, verifying each host and rolling back any that fails.'
  static description =
    'Preflight on every selected host (lock, nginx -t, upstream sockets, rollback point, baseline health) before anything is reloaded; then batches: reload, verify (same master, new workers, no new emerg/alert/crit, health unchanged through --settle), roll back on failure and stop. A host with no rollback point (a push made before fleet recorded what runs) fails preflight unless --without-rollback; --history lists the recorded points.\n\nExit codes: 0 every selected host was reloaded and verified (--dry-run: every host passed preflight); 1 anything else; 64 usage error; 65 bad inventory.'

  static examples = [
    '<%= config.bin %> reload --group web --dry-run',
    '<%= config.bin %> reload -i hosts.yml --group web --batch 1,5,25% --health /healthz',
    '<%= config.bin %> reload -i hosts.yml --group web --known-hosts known_hosts --identity deploy_key --yes --json',
    '<%= config.bin %> reload --group web --without-rollback',
    '<%= config.bin %> reload --group web --history',
  ]

  static enableJsonFlag = true

  static flags = {
    ...selectionFlags,
    ...connectionFlags,
    batch: Flags.string({summary: 'Sizes of successive batches, the first is the canary; the last size repeats: 1,5,25%.', default: '1'}),
    'max-fail': Flags.string({summary: 'Failed hosts tolerated before the rollout stops: N or N%.', default: '0'}),
    'dry-run': Flags.boolean({summary: 'Preflight only: print the plan, reload nothing.', default: false}),
    yes: Flags.boolean({char: 'y', summary: 'Do not ask for confirmation (required without a TTY).', default: false}),
    health: Flags.string({summary: 'Extra path to probe on every server_name (repeat the flag for more); GET / is always probed.', multiple: true, multipleNonGreedy: true}),
    settle: durationFlag({summary: 'How long the health probes keep passing after a reload before the host counts as verified.', default: 5, min: 0, max: 3600}),
    'skip-invalid': Flags.boolean({summary: 'Reload the hosts that pass preflight even if others fail it.', default: false}),
    'without-rollback': Flags.boolean({
      summary: 'Reload hosts that have no rollback point (first run after a push); a failed one cannot be rolled back, and the first failure stops the rollout.',
      default: false,
      exclusive: ['history'],
    }),
    history: Flags.boolean({
      summary: 'List the rollback points recorded on each host (/var/lib/fleet/nginx-good); reloads nothing.',
      default: false,
      exclusive: ['dry-run', 'without-rollback', 'batch', 'max-fail', 'health', 'skip-invalid'],
    }),
  }

  async run(): Promise<unknown> {
    const {flags} = await this.parse(Reload)
    if (flags.history) return this.history(flags)
    let batch
    let maxFail
    try {
      batch = parseBatchSpec(flags.batch)
      maxFail = parseMaxFail(flags['max-fail'])
    } catch (error) {
      if (error instanceof PlanError) throw new UsageError(error.message)
      throw error
    }
    const [{appendAudit}, {validHealthPath}, {progressLine, renderTable, riskLine, sanitizeReloadReport}, {runReload}] = await Promise.all([
      import('../src/reload/audit.js'),
      import('../src/reload/health.js'),
      import('../src/reload/report.js'),
      import('../src/reload/run-reload.js'),
    ])
    const healthPaths = flags.health ?? []
    const bad = healthPaths.find((p) => !validHealthPath(p))
    if (bad !== undefined) throw new UsageError(`--health ${bad}: want an absolute path without spaces or '|', e.g. /healthz`)
    const interactive = Boolean(process.stdin.isTTY && process.stderr.isTTY)
    if (!flags['dry-run'] && !flags.yes && !interactive) {
      throw new UsageError('no TTY to confirm the plan on: pass --yes to reload without confirmation (or --dry-run to see the plan)')
    }
    const {hosts, connectors} = await this.connect(flags)
    const abort = new AbortController()
    // Every host in flight listens on this one signal: 50 at once is by design, not a leak.
    setMaxListeners(0, abort.signal)
    // Ctrl-C never kills the process mid-host: in-flight hosts finish (rollback included), locks are released.
    const onSigint = () => {
      process.stderr.write(abort.signal.aborted ? 'fleet reload: still finishing the hosts in flight and releasing locks\n' : 'fleet reload: interrupted: finishing the hosts in flight, then stopping\n')
      abort.abort()
    }
    process.on('SIGINT', onSigint)
    try {
      const report = await runReload({
        hosts,
        connectorFor: connectors.connectorFor,
        batch,
        maxFail,
        maxFailText: flags['max-fail'],
        dryRun: flags['dry-run'],
        skipInvalid: flags['skip-invalid'],
        withoutRollback: flags['without-rollback'],
        healthPaths,
        settleSeconds: flags.settle,
        probeTimeoutSeconds: 5,
        concurrency: flags.concurrency,
        connectTimeoutMs: flags.timeout * 1000,
        commandTimeoutMs: flags['command-timeout'] * 1000,
        confirm: (plan) => {
          // The batch plan is said before the prompt, and before the first reload under --yes.
          process.stderr.write(`${escapeControls(describeBatches(plan.batches))}\n`)
          // The risk is never skipped silently: --yes says it on stderr, the prompt asks under it.
          const risk = riskLine(plan)
          if (flags.yes && risk !== null) process.stderr.write(`${risk}\n`)
          return flags.yes ? Promise.resolve(true) : this.confirm(plan)
        },
        signal: abort.signal,
        // Progress on stderr even with --json: stdout stays one JSON document.
        onHost: (h) => process.stderr.write(progressLine(h.result)),
      })
      try {
        await appendAudit(report)
      } catch (error) {
        process.stderr.write(`fleet reload: could not append the audit record: ${escapeControls((error as Error).message)}\n`)
      }
      process.exitCode = report.ok ? 0 : 1
      // --json prints the same sanitised strings as the table (JSON keeps \n and \t as escapes).
      if (this.jsonEnabled()) return sanitizeReloadReport(report)
      this.log(renderTable(report))
      return undefined
    } finally {
      process.removeListener('SIGINT', onSigint)
      await connectors.close()
    }
  }

  /** The selection and its connections, checked before anything is contacted; says "N hosts selected" on stderr (stdout stays the report). */
  private async connect(flags: Interfaces.InferredFlags<typeof Reload.flags>) {
    const [{createConnectors}, {checkConnectionInputs}, {loadSelection, selectedLine}] = await Promise.all([
      import('../src/cli/connectors.js'),
      import('../src/cli/inputs.js'),
      import('../src/cli/selection.js'),
    ])
    const {hosts, inventory} = await loadSelection(flags)
    const connection = {knownHosts: flags['known-hosts'], acceptNew: flags['accept-new'], identity: flags.identity}
    await checkConnectionInputs(connection)
    process.stderr.write(`${selectedLine(flags, hosts.length)}\n`)
    const connectors = createConnectors({...connection, inventory})
    for (const problem of await connectors.preload(hosts)) this.warn(escapeControls(problem))
    return {hosts, connectors}
  }

  /** --history: one read-only round trip per host, no lock, no prompt. */
  private async history(flags: Interfaces.InferredFlags<typeof Reload.flags>): Promise<unknown> {
    const {historyTable, runHistory, sanitizeHistory} = await import('../src/reload/history.js')
    const {hosts, connectors} = await this.connect(flags)
    try {
      const report = await runHistory({
        hosts,
        connectorFor: connectors.connectorFor,
        concurrency: flags.concurrency,
        connectTimeoutMs: flags.timeout * 1000,
        commandTimeoutMs: flags['command-timeout'] * 1000,
      })
      process.exitCode = report.hosts.every((h) => h.error === null) ? 0 : 1
      if (this.jsonEnabled()) return sanitizeHistory(report)
      this.log(historyTable(report))
      return undefined
    } finally {
      await connectors.close()
    }
  }

  private async confirm(plan: ReloadReport): Promise<boolean> {
    const {confirmationPrompt, renderTable} = await import('../src/reload/report.js')
    process.stderr.write(`${renderTable(plan)}\n`)
    const rl = createInterface({input: process.stdin, output: process.stderr})
    // Ctrl-C at the prompt is a "no" (readline would otherwise just pause and wait forever).
    const ac = new AbortController()
    rl.on('SIGINT', () => ac.abort())
    try {
      const answer = await rl.question(confirmationPrompt(plan), {signal: ac.signal})
      return /^y(es)?$/i.test(answer.trim())
    } catch {
      return false
    } finally {
      rl.close()
    }
  }
}
