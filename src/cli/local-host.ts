import {hostname} from 'node:os'

import type {HostSpec} from '../inventory/types.js'

/** `--local`: this machine, probed without SSH (sudo -n when not root). */
export function localHostSpec(): HostSpec {
  return {
    name: hostname(),
    address: 'localhost',
    port: 0,
    identityFiles: [],
    sudo: process.getuid?.() !== 0,
    connection: 'local',
    groups: [],
    vars: {},
  }
}
