import {Flags} from '@oclif/core'

/** Which hosts: shared by every command that talks to the fleet. */
export const selectionFlags = {
  inventory: Flags.string({
    char: 'i',
    summary: 'Inventory file (fleet YAML or Ansible YAML inventory).',
    env: 'FLEET_INVENTORY',
    default: 'inventory.yml',
  }),
  group: Flags.string({char: 'g', summary: 'Select a group (repeatable).', multiple: true}),
  limit: Flags.string({char: 'l', summary: "Ansible-style host pattern: 'web*:&prod:!web03', '~regex'."}),
  host: Flags.string({summary: 'Select a host by inventory name (repeatable).', multiple: true}),
  local: Flags.boolean({summary: 'Check this machine only (no inventory, no SSH).', default: false}),
}

/** How to reach them. */
export const connectionFlags = {
  'known-hosts': Flags.string({
    summary: 'known_hosts file to verify host keys against (repeatable; default ~/.ssh/known_hosts).',
    multiple: true,
  }),
  'accept-new': Flags.boolean({
    summary: 'Trust on first use: record unknown host keys (a changed key is still refused).',
    default: false,
  }),
  identity: Flags.string({summary: 'Private key to offer (repeatable), in addition to the inventory and ssh-agent.', multiple: true}),
  timeout: Flags.integer({summary: 'Connect deadline per host, in seconds.', default: 10, min: 1}),
  'command-timeout': Flags.integer({summary: 'Deadline for the remote work on one host, in seconds.', default: 60, min: 1}),
  concurrency: Flags.integer({char: 'c', summary: 'Hosts worked on at once.', default: 50, min: 1}),
}
