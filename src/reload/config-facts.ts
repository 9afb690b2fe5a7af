/**
 * What the reload needs from the NEW config (the parsed `nginx -T` dump): the unix sockets it passes
 * to, the error logs it writes, and the servers to health-probe. Answered by the nginx model
 * (src/nginx/query.ts), the same questions the checks ask.
 */
import {logFiles, servers, upstreamTargets, type ListenInfo} from '../nginx/query.js'
import type {NginxConfig} from '../nginx/types.js'
import type {HealthTarget} from './types.js'

/** `error_log` targets that are not files. */
const NON_FILE_LOGS = [/^stderr$/, /^syslog:/, /^memory:/, /^\/dev\/null$/]

export interface SocketRef {
  path: string
  /** FILE:LINE of the directive naming it (the `server unix:` line when it came through `upstream {}`). */
  where: string
}

/** Unix sockets the config passes to, directly or through an `upstream {}` block, once each. */
export function unixSockets(config: NginxConfig): SocketRef[] {
  const seen = new Map<string, SocketRef>()
  for (const target of upstreamTargets(config)) {
    for (const address of target.addresses) {
      // A variable is resolved per request: nothing to check ahead of time.
      if (address.kind !== 'unix' || seen.has(address.path)) continue
      const where = address.file ? `${address.file}:${address.line}` : `${target.file}:${target.line}`
      seen.set(address.path, {path: address.path, where})
    }
  }
  return [...seen.values()]
}

/** Files named by `error_log` anywhere, plus the compiled-in default (always opened at startup). */
export function errorLogs(config: NginxConfig, defaultLog: string | null, nginxPrefix?: string): string[] {
  const out = new Set<string>()
  // Debian 12 builds nginx with --error-log-path=stderr: not a file to read.
  if (defaultLog && !NON_FILE_LOGS.some((re) => re.test(defaultLog))) out.add(defaultLog)
  for (const log of logFiles(config, {prefix: nginxPrefix})) {
    if (log.kind === 'error' && !log.path.includes('$')) out.add(log.path)
  }
  return [...out]
}

/** Probe fields travel in `|`-separated lines and become curl arguments: plain names and addresses only. */
const PROBE_NAME = /^[A-Za-z0-9._-]+$/
const PROBE_ADDRESS = /^[0-9A-Fa-f.:]+$/

/** Where to send a probe for a listen address: wildcards go to loopback on the host itself. */
function probeAddress(host: string): string {
  const bare = host.replace(/^\[(.*)\]$/, '$1')
  if (bare === '*' || bare === '0.0.0.0' || bare === 'localhost') return '127.0.0.1'
  if (bare === '::') return '::1'
  return bare
}

/** A literal Host for a `server_name`: `*.x` -> `www.x`, `.x` -> `x`, regexes and `_` give none. */
function probeHostName(name: string): string | null {
  if (name === '' || name === '_' || name.startsWith('~') || name.includes('$')) return null
  if (name.startsWith('*.')) return `www${name.slice(1)}`
  if (name.startsWith('.')) return name.slice(1)
  if (name.includes('*')) return null
  return name
}

/**
 * One probe per (server name, listener, path): `GET PATH` with `Host:` set, sent to the server's
 * first listener (IPv4 preferred). A server with no literal name is probed by address.
 */
export function healthTargets(config: NginxConfig, paths: string[]): HealthTarget[] {
  const out = new Map<string, HealthTarget>()
  for (const server of servers(config)) {
    const listens = server.listen.filter((listen): listen is ListenInfo & {port: number} => !listen.unix && listen.port !== null)
    const listen = listens.find((l) => !probeAddress(l.host).includes(':')) ?? listens[0]
    if (!listen) continue
    const address = probeAddress(listen.host)
    if (!PROBE_ADDRESS.test(address)) continue
    const names = server.serverNames.map(probeHostName).filter((n): n is string => n !== null && PROBE_NAME.test(n))
    for (const host of names.length > 0 ? names : [address]) {
      for (const path of paths) {
        const target: HealthTarget = {scheme: listen.ssl || listen.params.includes('quic') ? 'https' : 'http', address, port: listen.port, host, path}
        out.set(targetKey(target), target)
      }
    }
  }
  return [...out.values()]
}

export function targetKey(t: HealthTarget): string {
  return `${t.scheme}|${t.address}|${t.port}|${t.host}|${t.path}`
}
