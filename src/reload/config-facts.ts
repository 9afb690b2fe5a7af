/**
 * What the reload needs from the NEW config (the parsed `nginx -T` dump): the unix sockets it passes
 * to, the error logs it writes, and the servers to health-probe. Pure functions over the tree.
 */
import type {NginxConfig, NginxDirective} from '../nginx/types.js'
import type {HealthTarget} from './types.js'

/** Directives whose argument may name an upstream address (`unix:/path` or an `upstream` name). */
const PASS_DIRECTIVES = new Set(['fastcgi_pass', 'uwsgi_pass', 'scgi_pass', 'proxy_pass', 'grpc_pass', 'memcached_pass'])

/** `error_log` targets that are not files. */
const NON_FILE_LOGS = [/^stderr$/, /^syslog:/, /^memory:/, /^\/dev\/null$/]

export interface SocketRef {
  path: string
  /** FILE:LINE of the directive naming it. */
  where: string
}

function* walk(directives: NginxDirective[], parents: string[] = []): Generator<{d: NginxDirective; parents: string[]}> {
  for (const d of directives) {
    yield {d, parents}
    if (d.block) yield* walk(d.block, [...parents, d.directive])
  }
}

const UNIX = /unix:([^:\s]+)/

/** Unix sockets named by a pass directive or by an `upstream {}` block's `server unix:...`. */
export function unixSockets(config: NginxConfig): SocketRef[] {
  const seen = new Map<string, SocketRef>()
  for (const {d, parents} of walk(config.tree)) {
    const inUpstream = d.directive === 'server' && parents[parents.length - 1] === 'upstream'
    if (!PASS_DIRECTIVES.has(d.directive) && !inUpstream) continue
    const arg = d.args[0] ?? ''
    // A variable is resolved per request: nothing to check ahead of time.
    if (arg.includes('$')) continue
    const m = UNIX.exec(arg)
    if (m && !seen.has(m[1])) seen.set(m[1], {path: m[1], where: `${d.file}:${d.line}`})
  }
  return [...seen.values()]
}

/** Files named by `error_log` anywhere, plus the compiled-in default (always opened at startup). */
export function errorLogs(config: NginxConfig, defaultLog: string | null): string[] {
  const out = new Set<string>()
  // Debian 12 builds nginx with --error-log-path=stderr: not a file to read.
  if (defaultLog && !NON_FILE_LOGS.some((re) => re.test(defaultLog))) out.add(defaultLog)
  for (const {d} of walk(config.tree)) {
    if (d.directive !== 'error_log' || !d.args[0]) continue
    const target = d.args[0]
    if (NON_FILE_LOGS.some((re) => re.test(target)) || target.includes('$')) continue
    out.add(target.startsWith('/') ? target : `${config.prefix.replace(/\/$/, '')}/${target}`)
  }
  return [...out]
}

interface Listen {
  address: string
  port: number
  ssl: boolean
}

/** `listen` forms: `80`, `*:80`, `1.2.3.4:80`, `[::]:80`, `localhost:80`; unix listeners are skipped. */
export function parseListen(args: string[]): Listen | null {
  const spec = args[0] ?? ''
  if (spec.startsWith('unix:')) return null
  const ssl = args.includes('ssl') || args.includes('quic')
  let address = '*'
  let port = 80
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(spec)
  if (v6) {
    address = v6[1]
    port = v6[2] ? Number(v6[2]) : 80
  } else if (/^\d+$/.test(spec)) {
    port = Number(spec)
  } else {
    const [host, p] = spec.split(':')
    address = host
    port = p ? Number(p) : 80
  }
  return {address, port, ssl}
}

/** Where to send a probe for a listen address: wildcards go to loopback on the host itself. */
function probeAddress(address: string): string {
  if (address === '*' || address === '0.0.0.0' || address === 'localhost') return '127.0.0.1'
  if (address === '::') return '::1'
  return address
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
  const http = config.tree.filter((d) => d.directive === 'http')
  for (const block of http) {
    for (const server of block.block ?? []) {
      if (server.directive !== 'server' || !server.block) continue
      const listens = server.block
        .filter((d) => d.directive === 'listen')
        .map((d) => parseListen(d.args))
        .filter((l): l is Listen => l !== null)
      // No listen directive: nginx listens on *:80 (as root).
      if (listens.length === 0 && !server.block.some((d) => d.directive === 'listen')) listens.push({address: '*', port: 80, ssl: false})
      const listen = listens.find((l) => !probeAddress(l.address).includes(':')) ?? listens[0]
      if (!listen) continue
      const address = probeAddress(listen.address)
      const names = server.block
        .filter((d) => d.directive === 'server_name')
        .flatMap((d) => d.args)
        .map(probeHostName)
        .filter((n): n is string => n !== null)
      const hosts = names.length > 0 ? names : [address]
      for (const host of hosts) {
        for (const path of paths) {
          const target: HealthTarget = {scheme: listen.ssl ? 'https' : 'http', address, port: listen.port, host, path}
          out.set(targetKey(target), target)
        }
      }
    }
  }
  return [...out.values()]
}

export function targetKey(t: HealthTarget): string {
  return `${t.scheme}|${t.address}|${t.port}|${t.host}|${t.path}`
}
