import {FleetCommand} from '../src/cli/base-command.js'
import {selectionFlags} from '../src/cli/flags.js'
import {escapeControls, sanitizeDeep} from '../src/report/sanitize.js'

export default class Hosts extends FleetCommand {
  static summary = 'List the hosts a selection resolves to (nothing is contacted).'
  static examples = ['<%= config.bin %> hosts --group prod', '<%= config.bin %> hosts -i site.yml --limit "web*:&eu:!web03"']
  static enableJsonFlag = true
  static flags = {...selectionFlags}

  async run(): Promise<unknown> {
    const {flags} = await this.parse(Hosts)
    // Loaded here, not at the top (yaml, zod, ssh-config): start-up, issue 10.
    const {loadSelection, selectedLine} = await import('../src/cli/selection.js')
    const {hosts, inventory} = await loadSelection(flags)
    // Shown here, where an operator looks at the inventory, not on every cron run of check.
    for (const warning of inventory?.warnings ?? []) this.warn(escapeControls(warning))
    // On stderr: stdout stays the list (--json).
    process.stderr.write(`${selectedLine(flags, hosts.length)}\n`)
    // Names, addresses, users and groups come from inventory and ssh_config files: the same
    // sanitiser as every report, for the lines below and for --json alike.
    const rows = sanitizeDeep(
      hosts.map((host) => ({
        name: host.name,
        address: host.address,
        port: host.port,
        user: host.user ?? null,
        connection: host.connection,
        sudo: host.sudo,
        proxyJump: host.proxyJump ?? null,
        groups: host.groups,
      })),
    )
    for (const row of rows) {
      const target = row.connection === 'local' ? 'local' : `${row.user ? `${row.user}@` : ''}${row.address}:${row.port}`
      const via = row.proxyJump ? ` via ${row.proxyJump}` : ''
      this.log(`${row.name.padEnd(20)} ${target}${via}  [${row.groups.join(', ')}]`)
    }
    return rows
  }
}
