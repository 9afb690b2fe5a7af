import {upstreamTargets} from '../nginx/query.js'
import type {HostFacts, PathStat} from '../probe/facts.js'

/** A unix socket nginx sends requests to, with the directive (and upstream server line) that names it. */
export interface NginxUnixSocket {
  path: string
  directive: string
  /** FILE:LINE of the *_pass directive. */
  at: string
  /** FILE:LINE of the `server unix:` line when it came through an upstream block. */
  via?: string
}

/** Every unix socket the running config passes to (fastcgi_pass, proxy_pass, ... directly or via upstream {}). */
export function nginxUnixSockets(facts: HostFacts): NginxUnixSocket[] {
  const config = facts.nginx.config
  if (!config) return []
  const sockets: NginxUnixSocket[] = []
  for (const target of upstreamTargets(config)) {
    for (const address of target.addresses) {
      if (address.kind !== 'unix') continue
      sockets.push({
        path: address.path,
        directive: target.directive,
        at: `${target.file}:${target.line}`,
        via: address.file ? `${address.file}:${address.line}` : undefined,
      })
    }
  }
  return sockets
}

/** The same, grouped by socket path (one finding per path names every directive using it). */
export function nginxUnixSocketsByPath(facts: HostFacts): Map<string, NginxUnixSocket[]> {
  const byPath = new Map<string, NginxUnixSocket[]>()
  for (const socket of nginxUnixSockets(facts)) {
    const list = byPath.get(socket.path)
    if (list) list.push(socket)
    else byPath.set(socket.path, [socket])
  }
  return byPath
}

const statsByPath = new WeakMap<readonly PathStat[], Map<string, PathStat>>()

/** Looked up in a Map built once per host (a check asks it for every socket). */
export function statOf(facts: HostFacts, path: string): PathStat | undefined {
  let byPath = statsByPath.get(facts.paths)
  if (!byPath) {
    byPath = new Map()
    for (const stat of facts.paths) if (!byPath.has(stat.path)) byPath.set(stat.path, stat)
    statsByPath.set(facts.paths, byPath)
  }
  return byPath.get(path)
}

/** `stat` in the words of `stat -c '%F %U %G %a'`, for evidence. */
export function describeStat(stat: PathStat | undefined, path: string): string {
  if (!stat) return `${path}: not stat'ed`
  if (!stat.exists) return `stat ${path}: No such file or directory`
  return `${path}: ${stat.type ?? '?'} ${stat.owner ?? '?'} ${stat.group ?? '?'} ${stat.mode ?? '?'}`
}
