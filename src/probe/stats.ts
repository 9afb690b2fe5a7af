import type {PartialFact, PathStat} from './facts.js'
import {lines} from './text.js'

/** `stat -L -c '%F|%U|%G|%a|%n'` lines plus its stderr (`cannot statx 'P': REASON`). */
export function parseStat(body: string, stderr: string, partial: PartialFact[]): PathStat[] {
  const stats: PathStat[] = []
  for (const line of lines(body)) {
    const [type, owner, group, mode, ...rest] = line.split('|')
    if (rest.length === 0) continue
    stats.push({path: rest.join('|'), exists: true, type, owner, group, mode})
  }
  for (const line of lines(stderr)) {
    const m = /cannot (?:statx|stat) '(.+)': (.+)$/.exec(line)
    if (!m) continue
    // Only ENOENT proves absence; EACCES on a parent says nothing about the socket.
    if (/No such file or directory/.test(m[2])) stats.push({path: m[1], exists: false})
    else partial.push({fact: 'path-stat', reason: `${m[1]}: ${m[2]}`})
  }
  return stats
}

/** `getfacl -p` blocks: entries per `# file:` path (comments dropped). */
export function parseAcl(body: string): Map<string, string[]> {
  const acls = new Map<string, string[]>()
  let current: string[] | null = null
  for (const line of lines(body)) {
    const file = /^# file: (.+)$/.exec(line)
    if (file) {
      current = []
      acls.set(file[1], current)
    } else if (current && !line.startsWith('#')) {
      current.push(line.trim())
    }
  }
  return acls
}
