import type {HostFacts} from './facts.js'
import {lines} from './text.js'

/** `users` frame: `NAME uid=33(www-data) gid=33(www-data) groups=33(www-data),4(adm)`. */
export function parseUsers(body: string): HostFacts['users'] {
  // Prototype-less: a pool's `user = constructor` must find no such user, not Object's constructor.
  const users = Object.create(null) as HostFacts['users']
  for (const line of lines(body)) {
    const m = /^(\S+)\s+uid=(\d+)\([^)]*\)\s+gid=(\d+)\([^)]*\)(?:\s+groups=(\S+))?/.exec(line)
    if (!m) continue
    const groups = [...(m[4] ?? '').matchAll(/\d+\(([^)]+)\)/g)].map((g) => g[1])
    users[m[1]] = {uid: Number(m[2]), gid: Number(m[3]), groups}
  }
  return users
}
