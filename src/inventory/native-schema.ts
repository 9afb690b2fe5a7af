/** Shape of the native inventory format (see inventory.example.yml at the repo top). */
import {z} from 'zod'
import {addressProblem} from '../transport/host-pattern.js'

const PORT = 'expected an integer 1-65535'
const port = z.int({error: PORT}).min(1, {error: PORT}).max(65535, {error: PORT})
const word = (what: string) => z.string({error: `expected ${what}`}).regex(/^\S+$/, {error: `expected ${what} (no spaces)`})
/** The address becomes the host field of known_hosts entries: a name or an IP, never a pattern. */
export const ADDRESS_ERROR = 'expected a host name or IP address (no wildcards, commas, brackets or spaces: it is written to known_hosts as is)'
const address = z.string({error: 'expected a host name or IP address'}).refine((v) => addressProblem(v) === undefined, {error: ADDRESS_ERROR})
const vars = z.record(z.string(), z.unknown(), {error: 'expected a mapping of variables'})
const names = (what: string) => z.array(z.string({error: `expected a ${what} name`}), {error: `expected a list of ${what} names`})

const hostFields = {
  address,
  port,
  user: word('a user name'),
  identity_file: z.union([z.string(), z.array(z.string())], {error: 'expected a key file path or a list of paths'}),
  sudo: z.boolean({error: 'expected true or false'}),
  connection: z.enum(['ssh', 'local'], {error: 'expected "ssh" or "local"'}),
  proxy_jump: word('[user@]host[:port][,...]'),
  vars,
}

export const HOST_KEYS = Object.keys(hostFields)
export const GROUP_KEYS = ['hosts', 'children', 'vars']
export const TOP_KEYS = ['defaults', 'hosts', 'groups']

export const nativeHost = z.strictObject(hostFields).partial().nullable()
export type NativeHost = z.infer<typeof nativeHost>

export const nativeGroup = z
  .strictObject({hosts: names('host'), children: names('group'), vars})
  .partial()
  .nullable()

export const nativeInventory = z.strictObject({
  defaults: nativeHost.optional(),
  hosts: z.record(z.string(), nativeHost, {error: 'expected a mapping of host names to settings'}),
  groups: z.record(z.string(), nativeGroup, {error: 'expected a mapping of group names to groups'}).nullable().optional(),
})
export type NativeInventory = z.infer<typeof nativeInventory>

/** Allowed keys at a path, for "did you mean" on unknown keys. */
export function nativeAllowedKeys(path: ReadonlyArray<string | number>): readonly string[] {
  if (path.length === 0) return TOP_KEYS
  if (path[0] === 'groups') return GROUP_KEYS
  return HOST_KEYS
}
