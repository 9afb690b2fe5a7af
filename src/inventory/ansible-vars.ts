/**
 * The Ansible connection variables fleet understands, as data: which variables (aliases in
 * precedence order) feed which HostSettings field, and how their values are read.
 * Every other variable, `ansible_*` or not, is kept in `vars` and otherwise ignored.
 */
import type {HostSettings} from './draft.js'
import {proxyJumpFromSshArgs} from './ssh-args.js'

/** ansible_connection values and what they mean for fleet. */
export const CONNECTIONS: Readonly<Record<string, 'ssh' | 'local'>> = {
  ssh: 'ssh',
  smart: 'ssh',
  paramiko: 'ssh',
  paramiko_ssh: 'ssh',
  'ansible.builtin.ssh': 'ssh',
  'ansible.builtin.paramiko_ssh': 'ssh',
  local: 'local',
  'ansible.builtin.local': 'local',
}

/** Ansible's boolean(): these strings (any case) and numbers. */
const TRUE = new Set(['y', 'yes', 'on', '1', 'true', 't'])
const FALSE = new Set(['n', 'no', 'off', '0', 'false', 'f'])

export function ansibleBoolean(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v
  const s = String(v).toLowerCase()
  return TRUE.has(s) ? true : FALSE.has(s) ? false : undefined
}

export function portLike(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN
  return Number.isInteger(n) && n >= 1 && n <= 65535 ? n : undefined
}

interface VarRule {
  /** Aliases, highest precedence first. */
  vars: readonly string[]
  /** Apply every alias present instead of only the first. */
  every?: boolean
  apply(value: unknown, into: HostSettings): void
}

export const CONNECTION_VARS: readonly VarRule[] = [
  {vars: ['ansible_host', 'ansible_ssh_host'], apply: (v, s) => void (s.address = String(v))},
  {vars: ['ansible_port', 'ansible_ssh_port'], apply: (v, s) => void (s.port = portLike(v))},
  {vars: ['ansible_user', 'ansible_ssh_user'], apply: (v, s) => void (s.user = String(v))},
  {vars: ['ansible_ssh_private_key_file', 'ansible_private_key_file'], apply: (v, s) => void (s.identityFiles = [String(v)])},
  {vars: ['ansible_become'], apply: (v, s) => void (s.sudo = ansibleBoolean(v))},
  {vars: ['ansible_connection'], apply: (v, s) => void (s.connection = CONNECTIONS[String(v)])},
  // Both argument variables are scanned; common args first, as the ssh plugin puts them first.
  {
    vars: ['ansible_ssh_common_args', 'ansible_ssh_extra_args'],
    every: true,
    apply: (v, s) => void (s.proxyJump ??= proxyJumpFromSshArgs(String(v))),
  },
]

/** Connection settings from merged host vars. */
export function settingsFromVars(vars: Record<string, unknown>): HostSettings {
  const out: HostSettings = {}
  for (const rule of CONNECTION_VARS) {
    const present = rule.vars.filter((name) => vars[name] !== undefined && vars[name] !== null)
    for (const name of rule.every ? present : present.slice(0, 1)) rule.apply(vars[name], out)
  }
  return out
}
