/**
 * Shape of Ansible YAML inventories (the `yaml` inventory plugin): groups with `hosts`,
 * `children`, `vars`; free-form variables, of which the connection ones are type-checked
 * where they are written so errors point at the right line.
 */
import {z} from 'zod'
import {addressProblem} from '../transport/host-pattern.js'
import {ansibleBoolean, CONNECTIONS, portLike} from './ansible-vars.js'
import {ADDRESS_ERROR} from './native-schema.js'

// fleet reads inventories statically; a Jinja template would silently be used verbatim.
const literal = (what: string) =>
  z
    .string({error: `expected ${what}`})
    .refine((v) => !v.includes('{{'), {error: 'Jinja templates are not evaluated by fleet; write the literal value'})

// The address becomes the host field of known_hosts entries: a name or an IP, never a pattern.
const address = literal('a host name or IP address').refine((v) => addressProblem(v) === undefined, {error: ADDRESS_ERROR})

const port = z.custom<number | string>((v) => portLike(v) !== undefined, {error: 'expected an integer 1-65535'})
const bool = z.custom<boolean | string>((v) => ansibleBoolean(v) !== undefined, {error: 'expected a boolean (true/false, yes/no)'})
const connection = z.custom<string>((v) => typeof v === 'string' && Object.hasOwn(CONNECTIONS, v), {
  error: `expected one of ${Object.keys(CONNECTIONS).join(', ')} (fleet connects over SSH or runs locally)`,
})

const connectionVars = {
  ansible_host: address,
  ansible_ssh_host: address,
  ansible_port: port,
  ansible_ssh_port: port,
  ansible_user: literal('a user name'),
  ansible_ssh_user: literal('a user name'),
  ansible_ssh_private_key_file: literal('a key file path'),
  ansible_private_key_file: literal('a key file path'),
  ansible_become: bool,
  ansible_connection: connection,
  ansible_ssh_common_args: literal('ssh arguments'),
  ansible_ssh_extra_args: literal('ssh arguments'),
  ansible_group_priority: z.int({error: 'expected an integer'}),
}

export const ansibleVars = z
  .looseObject(connectionVars, {error: 'expected a mapping of variables'})
  .partial()
  .nullable()

export const GROUP_KEYS = ['hosts', 'children', 'vars']

export interface AnsibleGroup {
  hosts?: Record<string, Record<string, unknown> | null> | null
  children?: Record<string, AnsibleGroup | null> | null
  vars?: Record<string, unknown> | null
}

export const ansibleGroup: z.ZodType<AnsibleGroup | null> = z.lazy(() =>
  z
    .strictObject(
      {
      hosts: z.record(z.string(), ansibleVars, {error: 'expected a mapping of host names'}).nullable(),
      children: z.record(z.string(), ansibleGroup, {error: 'expected a mapping of group names'}).nullable(),
      vars: ansibleVars,
      },
      {error: 'expected a group: a mapping with hosts, children and/or vars'},
    )
    .partial()
    .nullable(),
) as z.ZodType<AnsibleGroup | null>

export const ansibleInventory = z.record(z.string(), ansibleGroup, {error: 'expected a mapping of groups'})

export const ansibleAllowedKeys = (): readonly string[] => GROUP_KEYS
