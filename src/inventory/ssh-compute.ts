/**
 * What OpenSSH would use for one host: the first obtained value of each parameter wins,
 * every IdentityFile adds to the list. `Host` patterns match the name given to ssh.
 * `Match` blocks with `all`, `host`, `originalhost`, `user`, `localuser` are evaluated;
 * any other criterion (exec, canonical, final, localnetwork, tagged) makes fleet skip the
 * block and note it, rather than run commands or query DNS as ssh would (for the same
 * reason CanonicalizeHostName is not applied).
 */
import SSHConfig, {type Line} from 'ssh-config'
import {matchPatternList} from './ssh-pattern.js'
import type {SshConfigFile} from './ssh-config.js'

export interface SshHostConfig {
  hostName?: string
  user?: string
  port?: string
  identityFiles: string[]
  /** `none` is kept: it means "no jump", overriding later lines. */
  proxyJump?: string
}

export interface SshContext {
  home: string
  localUser: string
}

type Criteria = Record<string, string | {val: string}[]>
const values = (v: unknown): string[] => (Array.isArray(v) ? v.map((x: {val: string}) => x.val) : [String(v)])
const SUPPORTED_MATCH = new Set(['all', 'host', 'originalhost', 'user', 'localuser'])

/** %-tokens ssh expands in IdentityFile (and %h/%% in HostName), plus a leading ~. */
function expandTokens(value: string, tokens: Record<string, string>, home: string): string {
  const out = value.replace(/%(.)/g, (all, t: string) => tokens[t] ?? all)
  return out === '~' ? home : out.startsWith('~/') ? home + out.slice(1) : out
}

export function computeSshHost(config: SshConfigFile, host: string, ctx: SshContext, notes: Set<string>): SshHostConfig {
  const result: SshHostConfig = {identityFiles: []}
  const rawIdentity: string[] = []
  const take = (line: Line) => {
    if (line.type !== SSHConfig.DIRECTIVE) return
    const v = values(line.value)[0]
    switch (line.param.toLowerCase()) {
      case 'hostname': result.hostName ??= expandTokens(v, {h: host, '%': '%'}, ctx.home); break
      case 'user': result.user ??= v; break
      case 'port': result.port ??= v; break
      case 'proxyjump': result.proxyJump ??= v; break
      case 'identityfile': rawIdentity.push(v); break
      // Top-level Includes are inlined on load; one inside a Host/Match block is not followed.
      case 'include': notes.add(`${config.path}: "Include ${v}" inside a Host/Match block is ignored by fleet`); break
    }
  }
  const matches = (criteria: Criteria, param: string): boolean | undefined => {
    for (const [rawKey, v] of Object.entries(criteria)) {
      const negate = rawKey.startsWith('!')
      const key = rawKey.replace(/^!/, '').toLowerCase()
      if (!SUPPORTED_MATCH.has(key)) {
        notes.add(`${config.path}: "Match ${param}" blocks with "${key}" are ignored by fleet`)
        return undefined
      }
      const subject = {all: '', host: result.hostName ?? host, originalhost: host, user: result.user ?? ctx.localUser, localuser: ctx.localUser}[key] as string
      const hit = key === 'all' || matchPatternList(values(v).flatMap((s) => s.split(',')), subject)
      if (hit === negate) return false
    }
    return true
  }
  for (const line of config.lines) {
    if (line.type !== SSHConfig.DIRECTIVE) continue
    if ('config' in line && /^host$/i.test(line.param)) {
      if (matchPatternList(values(line.value), host)) line.config.forEach(take)
    } else if ('config' in line && /^match$/i.test(line.param)) {
      if ('criteria' in line && matches(line.criteria as Criteria, values(line.value).join(' '))) line.config.forEach(take)
    } else take(line)
  }
  const user = result.user ?? ctx.localUser
  const tokens = {d: ctx.home, u: ctx.localUser, h: result.hostName ?? host, n: host, r: user, p: result.port ?? '22', '%': '%'}
  result.identityFiles = rawIdentity.filter((f) => f.toLowerCase() !== 'none').map((f) => expandTokens(f, tokens, ctx.home))
  return result
}
