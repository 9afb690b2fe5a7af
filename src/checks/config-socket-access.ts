/**
 * May a user connect to a unix socket? connect(2) needs write permission on the
 * socket file and search (x) permission on every directory above it. The
 * decision follows acl(5) "ACCESS CHECK ALGORITHM"; a file without an ACL is the
 * same algorithm over the three entries its mode gives.
 */
import type {PathStat} from '../probe/facts.js'

export interface UserIdentity {
  name: string
  uid: number
  gid: number
  /** Group names, the primary group included (as `id` prints them). */
  groups: string[]
}

export interface AccessDecision {
  allowed: boolean
  /** Which ACL class decided, in words: `owner root`, `group www-data`, `other`, `root`. */
  via: string
  /** The permission bits of that class, e.g. `---`. */
  perms: string
}

type Entry = {tag: 'user' | 'group' | 'mask' | 'other'; qualifier: string; perms: string}

const RWX = ['---', '--x', '-w-', '-wx', 'r--', 'r-x', 'rw-', 'rwx']
const WANT_INDEX = {r: 0, w: 1, x: 2} as const

/** user::/group::/other:: entries from `%a` (`660`, `2755`: special bits dropped). */
function modeEntries(mode: string): Entry[] {
  const digits = mode.padStart(3, '0').slice(-3)
  const [u, g, o] = [...digits].map((d) => RWX[Number(d)] ?? '---')
  return [
    {tag: 'user', qualifier: '', perms: u},
    {tag: 'group', qualifier: '', perms: g},
    {tag: 'other', qualifier: '', perms: o},
  ]
}

/** `user:www-data:rw-   #effective:r--` -> entry (getfacl's effective comment is recomputed from the mask). */
function aclEntries(acl: string[]): Entry[] {
  return acl.flatMap((line) => {
    const m = /^(user|group|mask|other):([^:]*):([rwx-]{3})/.exec(line.trim())
    return m ? [{tag: m[1] as Entry['tag'], qualifier: m[2], perms: m[3]}] : []
  })
}

const grants = (perms: string, want: keyof typeof WANT_INDEX): boolean => perms[WANT_INDEX[want]] !== '-'
const masked = (perms: string, mask?: Entry): string =>
  mask ? [...perms].map((c, i) => (mask.perms[i] === '-' ? '-' : c)).join('') : perms

/** Decide one permission (`w` on sockets, `x` on directories) for `user` on a stat'ed path. */
export function decideAccess(user: UserIdentity, stat: PathStat, want: 'r' | 'w' | 'x'): AccessDecision {
  // Root has CAP_DAC_OVERRIDE: permission bits do not stop it.
  if (user.uid === 0) return {allowed: true, via: 'root', perms: 'rwx'}
  const fromAcl = stat.acl && stat.acl.length > 0 ? aclEntries(stat.acl) : []
  const entries = fromAcl.some((e) => e.tag === 'user' && e.qualifier === '') ? fromAcl : modeEntries(stat.mode ?? '000')
  const mask = entries.find((e) => e.tag === 'mask')
  const find = (tag: Entry['tag'], qualifier = '') => entries.find((e) => e.tag === tag && e.qualifier === qualifier)

  const ownerIs = stat.owner === user.name || stat.owner === String(user.uid)
  if (ownerIs) {
    const perms = find('user')?.perms ?? '---'
    return {allowed: grants(perms, want), via: `owner ${stat.owner}`, perms}
  }
  const named = find('user', user.name)
  if (named) {
    const perms = masked(named.perms, mask)
    return {allowed: grants(perms, want), via: `ACL user:${user.name}`, perms}
  }
  // Group class: the owning group and named groups the user is in; any granting entry wins.
  const inGroup = (group: string | undefined) => group !== undefined && (user.groups.includes(group) || group === String(user.gid))
  const matched = entries
    .filter((e) => e.tag === 'group' && (e.qualifier === '' ? inGroup(stat.group) : inGroup(e.qualifier)))
    .map((e) => ({name: e.qualifier === '' ? `group ${stat.group}` : `ACL group:${e.qualifier}`, perms: masked(e.perms, mask)}))
  if (matched.length > 0) {
    const granting = matched.find((m) => grants(m.perms, want))
    const decided = granting ?? matched[0]
    return {allowed: granting !== undefined, via: decided.name, perms: decided.perms}
  }
  const perms = find('other')?.perms ?? '---'
  return {allowed: grants(perms, want), via: 'other', perms}
}

/** Every ancestor directory of a path, nearest first: `/run/php/x.sock` -> `/run/php`, `/run`. */
export function parentDirectories(path: string): string[] {
  const out: string[] = []
  for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) out.push(path.slice(0, i))
  return out
}
