/**
 * Turns a host draft into the HostSpec fleet connects with: inventory settings first,
 * then ~/.ssh/config, then defaults (port 22, the local user, sudo unless root).
 *
 * The ssh config is looked up by the host's ADDRESS, because that is what `ssh ADDRESS`
 * (and Ansible, which runs `ssh ansible_host`) would evaluate. When the inventory name
 * differs from the address, the name is looked up second and only fills what the address
 * lookup left open: operators often keep `Host web01` blocks keyed by the short name while
 * the inventory carries the IP, and ignoring those would silently drop their User/keys.
 * A HostName found through the name never replaces an inventory address.
 */
import {homedir, userInfo} from 'node:os'
import {isAbsolute, resolve} from 'node:path'
import type {HostDraft} from './draft.js'
import {addressProblem} from '../transport/host-pattern.js'
import {InventoryError} from './errors.js'
import {computeSshHost, type SshContext, type SshHostConfig} from './ssh-compute.js'
import type {SshConfigFile} from './ssh-config.js'
import type {HostSpec} from './types.js'

export function localContext(): SshContext {
  let localUser = process.env.USER || process.env.LOGNAME || ''
  try {
    localUser = userInfo().username || localUser
  } catch {
    // No passwd entry (containers): keep the environment's idea of the user.
  }
  return {home: process.env.HOME || homedir(), localUser}
}

function expandHome(path: string, home: string, baseDir: string): string {
  const p = path === '~' ? home : path.startsWith('~/') ? home + path.slice(1) : path
  return isAbsolute(p) ? p : resolve(baseDir, p)
}

function lookup(ssh: SshConfigFile | undefined, draft: HostDraft, ctx: SshContext, notes: Set<string>): SshHostConfig {
  if (!ssh) return {identityFiles: []}
  const key = draft.settings.address ?? draft.name
  const first = computeSshHost(ssh, key, ctx, notes)
  if (key === draft.name) return first
  const second = computeSshHost(ssh, draft.name, ctx, notes)
  return {
    hostName: first.hostName,
    user: first.user ?? second.user,
    port: first.port ?? second.port,
    identityFiles: [...new Set([...first.identityFiles, ...second.identityFiles])],
    proxyJump: first.proxyJump ?? second.proxyJump,
  }
}

export interface ResolveOptions {
  ssh?: SshConfigFile
  ctx: SshContext
  /** Relative identity files in the inventory are relative to the inventory's directory. */
  baseDir: string
  notes: Set<string>
}

export function resolveHost(draft: HostDraft, opts: ResolveOptions): HostSpec {
  const s = draft.settings
  const connection = s.connection ?? 'ssh'
  // A local host is not reached through ssh, so ssh_config says nothing about it.
  const ssh = connection === 'local' ? {identityFiles: []} : lookup(opts.ssh, draft, opts.ctx, opts.notes)
  const sshPort = ssh.port !== undefined && /^\d+$/.test(ssh.port) ? Number(ssh.port) : undefined
  const user = s.user ?? ssh.user ?? opts.ctx.localUser
  const jump = s.proxyJump ?? ssh.proxyJump
  const spec: HostSpec = {
    name: draft.name,
    address: s.address ?? ssh.hostName ?? draft.name,
    port: s.port ?? sshPort ?? 22,
    user: user || undefined,
    identityFiles: s.identityFiles?.length
      ? s.identityFiles.map((f) => expandHome(f, opts.ctx.home, opts.baseDir))
      : ssh.identityFiles,
    sudo: s.sudo ?? user !== 'root',
    connection,
    groups: draft.groups,
    vars: draft.vars,
    source: draft.source,
  }
  if (jump && jump.toLowerCase() !== 'none') spec.proxyJump = jump
  if (connection === 'ssh') checkAddress(draft, spec.address, s.address !== undefined ? undefined : ssh.hostName !== undefined ? opts.ssh?.path : null)
  return spec
}

/**
 * The inventory's own address fields are checked by the schemas; this catches the other two
 * sources: a HostName from ssh_config (`from` is that file) and the inventory name used as
 * the address (`from` is null). Either is written to known_hosts as is by accept-new.
 */
function checkAddress(draft: HostDraft, address: string, from: string | null | undefined): void {
  if (from === undefined) return
  const problem = addressProblem(address)
  if (!problem) return
  const {file, line, column} = draft.source
  const what = from === null ? 'the host name, used as its address (no address or ansible_host is set)' : `its HostName from ${from}`
  throw new InventoryError(
    file,
    line,
    column,
    from === null ? draft.name : `${draft.name}: HostName`,
    `${what} is ${JSON.stringify(address)}: ${problem}; a host needs a host name or IP address to connect to (it is written to known_hosts as is)`,
  )
}
