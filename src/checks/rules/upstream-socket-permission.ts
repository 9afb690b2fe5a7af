import {workerUser} from '../../nginx/query.js'
import type {HostFacts, PathStat} from '../../probe/facts.js'
import type {Check} from '../types.js'
import {decideAccess, parentDirectories, type AccessDecision, type UserIdentity} from '../config-socket-access.js'
import {hostPools, poolSettingLine, poolsServing} from '../fpm-pool-match.js'
import {describeStat, nginxUnixSocketsByPath, statOf} from '../upstream-sockets.js'
import {windowedLogs} from '../windowed-logs.js'
import {classifyNginxError} from '../../logs/index.js'
import {nginxConfigOrSkip} from '../nginx-config.js'

/** Pool settings that decide who may connect (php-src fpm_unix.c fpm_unix_resolve_socket_premissions). */
const LISTEN_PERMISSION_KEYS = ['listen.owner', 'listen.group', 'listen.mode', 'listen.acl_users', 'listen.acl_groups']

export const upstreamSocketPermission: Check = {
  // The worker user's identity is judged per socket by the check itself (skips naming the user).
  needs: ['nginx-config'],
  meta: {
    id: 'upstream/socket-permission',
    severity: 'critical',
    summary: 'The nginx worker user cannot connect to an FPM unix socket',
    docs: {
      description:
        'connect(2) on a unix socket needs write permission on the socket file and search permission on every directory above it. The nginx workers run as the `user` of nginx.conf (Debian: www-data); when the pool creates its socket with an owner, group, mode or ACL that leaves that user out, every PHP request fails. Also fires when nginx logged `(13: Permission denied) while connecting to upstream` in the window (the socket may have been fixed since, or AppArmor/SELinux denied it).',
      symptom:
        '502 Bad Gateway on every PHP request; nginx logs `connect() to unix:PATH failed (13: Permission denied) while connecting to upstream` at crit.',
      fix: "Give the nginx worker user access in the pool: `listen.owner`/`listen.group` = that user (or a group it is in) with `listen.mode = 0660`, or `listen.acl_users = USER`; then restart FPM (the socket is recreated on start).",
      snippet: '; /etc/php/8.2/fpm/pool.d/www.conf\nlisten.owner = www-data\nlisten.group = www-data\nlisten.mode = 0660\n; systemctl restart php8.2-fpm',
    },
    messages: {
      denied: 'nginx worker user {{user}} cannot connect to {{path}} ({{at}}): {{why}}',
      deniedInLog: '{{count}} to unix:{{path}} denied (13: Permission denied) in window{{now}}',
    },
  },
  run(facts, context) {
    const config = nginxConfigOrSkip(facts, context)
    if (!config) return
    const worker = workerUser(config, facts.nginx.defaultUser)
    const known = facts.users[worker.user]
    const identity: UserIdentity | undefined = known && {name: worker.user, ...known}
    const denials = deniedConnects(facts)
    const byPath = nginxUnixSocketsByPath(facts)
    if (!identity && byPath.size > 0) context.skip(`identity of the nginx worker user ${worker.user} was not collected`)

    for (const [path, users] of byPath) {
      const stat = statOf(facts, path)
      // A missing path is socket-missing's finding; an unstat'ed one is its skip.
      if (!stat?.exists || stat.type !== 'socket' || !identity) continue
      const blocked = blockingDecision(facts, identity, path, stat)
      const logged = denials.get(path) ?? []
      if (!blocked) continue
      denials.delete(path)
      const userAt = worker.file ? ` (user at ${worker.file}:${worker.line})` : ` (${worker.source} default)`
      context.report({
        messageId: 'denied',
        data: {user: worker.user, path, at: users[0].at, why: blocked.why},
        evidence: [
          `nginx workers run as ${worker.user}${userAt}: ${describeIdentity(identity)}`,
          describeStat(stat, path),
          ...(stat.acl ?? []).map((entry) => `acl ${path}: ${entry}`),
          ...poolEvidence(facts, path),
          ...logged.slice(-2),
        ],
      })
    }
    // Denials nginx logged that the current stat does not explain.
    for (const [path, lines] of denials) {
      const stat = statOf(facts, path)
      context.report({
        messageId: 'deniedInLog',
        data: {count: `${lines.length} connect${lines.length === 1 ? '' : 's'}`, path, now: stat?.exists ? `; the socket is now ${ownerModes(stat)}` : ''},
        evidence: [...lines.slice(-2), ...(stat ? [describeStat(stat, path)] : []), ...poolEvidence(facts, path)],
      })
    }
  },
}

/** The socket write or a directory search the user is refused, in words; undefined when connect() may pass. */
function blockingDecision(facts: HostFacts, user: UserIdentity, path: string, stat: PathStat): {why: string} | undefined {
  for (const dir of parentDirectories(path)) {
    const dirStat = statOf(facts, dir)
    if (!dirStat?.exists) continue
    const decision = decideAccess(user, dirStat, 'x')
    if (!decision.allowed) return {why: `no search permission on directory ${dir} (${ownerModes(dirStat)}; ${explain(user, decision)})`}
  }
  const decision = decideAccess(user, stat, 'w')
  return decision.allowed ? undefined : {why: `socket is ${ownerModes(stat)}; ${explain(user, decision)}, no write`}
}

const ownerModes = (stat: PathStat): string => `${stat.owner ?? '?'}:${stat.group ?? '?'} ${stat.mode ?? '?'}`

function explain(user: UserIdentity, decision: AccessDecision): string {
  return `${user.name} falls under ${decision.via}, which has ${decision.perms}`
}

function describeIdentity(user: UserIdentity): string {
  return `uid=${user.uid} gid=${user.gid} groups=${user.groups.join(',')}`
}

function poolEvidence(facts: HostFacts, path: string): string[] {
  return poolsServing(hostPools(facts), {kind: 'unix', path})
    .flatMap(({pool}) => LISTEN_PERMISSION_KEYS.map((key) => poolSettingLine(pool, key)).filter((line): line is string => line !== undefined))
}

/** EACCES connects in the window, per socket path, raw lines oldest first. */
function deniedConnects(facts: HostFacts): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const entry of windowedLogs(facts).nginxError) {
    const classified = classifyNginxError(entry)
    if (classified?.class !== 'socket-permission' || !classified.socket) continue
    const list = out.get(classified.socket)
    if (list) list.push(entry.raw)
    else out.set(classified.socket, [entry.raw])
  }
  return out
}
