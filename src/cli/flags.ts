import * as Flags from '@oclif/core/flags'

import {parseDurationSeconds} from './duration.js'

/** A duration flag in whole seconds, written with or without a unit: `10`, `10s`, `2m`, `1h`. */
export function durationFlag(options: {summary: string; default: number; min: number; max: number}) {
  return Flags.custom<number>({
    summary: `${options.summary} Units: s, m, h, d (a bare number is seconds).`,
    default: options.default,
    defaultHelp: async () => `${options.default}s`,
    helpValue: 'DURATION',
    parse: async (input, _context, flag) => parseDurationSeconds(input, flag.name, options),
  })()
}

/**
 * Which hosts: shared by every command that talks to the fleet. Repeatable flags take one
 * value per occurrence (`--group a --group b`): a stray word after them is an unexpected
 * argument (exit 64), never a second group.
 */
export const selectionFlags = {
  inventory: Flags.string({
    char: 'i',
    summary: 'Inventory file (fleet YAML or Ansible YAML inventory).',
    env: 'FLEET_INVENTORY',
    default: 'inventory.yml',
  }),
  group: Flags.string({char: 'g', summary: 'Select a group (repeat the flag for more).', multiple: true, multipleNonGreedy: true}),
  limit: Flags.string({char: 'l', summary: "Ansible host pattern: 'web*:&prod:!web03', 'web0[1-5]', 'web[0:2]', '~regex', '@retry_file'."}),
  host: Flags.string({summary: 'Select a host by inventory name (repeat the flag for more).', multiple: true, multipleNonGreedy: true}),
  all: Flags.boolean({summary: 'Select every host of the inventory (required when no --group, --limit or --host is given).', default: false}),
  local: Flags.boolean({summary: 'Check this machine only (no inventory, no SSH).', default: false}),
}

/** How to reach them. */
export const connectionFlags = {
  'known-hosts': Flags.string({
    summary: 'known_hosts file to verify host keys against (repeat the flag for more; default ~/.ssh/known_hosts).',
    multiple: true,
    multipleNonGreedy: true,
  }),
  'accept-new': Flags.boolean({
    summary: 'Trust on first use: record unknown host keys (a changed key is still refused).',
    default: false,
  }),
  identity: Flags.string({
    summary: 'Private key to offer (repeat the flag for more), in addition to the inventory and ssh-agent.',
    multiple: true,
    multipleNonGreedy: true,
  }),
  timeout: durationFlag({summary: 'Connect deadline per host.', default: 10, min: 1, max: 86_400}),
  'command-timeout': durationFlag({summary: 'Deadline for the remote work on one host.', default: 60, min: 1, max: 7 * 86_400}),
  concurrency: Flags.integer({char: 'c', summary: 'Hosts talked to at once (SSH connections open together).', default: 50, min: 1}),
}
