import type {NginxErrorEntry} from './types.js'

/**
 * nginx upstream failure classes, from the message texts in
 * src/event/ngx_event_connect.c (`connect() to %V failed`),
 * src/http/ngx_http_upstream.c (`connect() failed` after a non-blocking connect,
 * `upstream timed out`, `upstream prematurely closed connection`, `no live upstreams`,
 * `upstream sent too big header`), src/os/unix/ngx_recv.c / ngx_readv_chain.c
 * (`recv() failed`, `readv() failed`) and src/http/modules/ngx_http_fastcgi_module.c
 * (`upstream prematurely closed FastCGI stdout`). Order matters: first match wins.
 * ENOENT/EACCES on connect are logged at `crit`, the others at `error`.
 */
export interface NginxErrorClass {
  class: string
  /** Applies only to lines whose errno is this. */
  errno?: number
  /** Applies only when the action mentions the upstream (client resets look the same). */
  upstreamAction?: boolean
  pattern: RegExp
}

export const NGINX_ERROR_CLASSES: NginxErrorClass[] = [
  {class: 'socket-missing', errno: 2, pattern: /^connect\(\) to unix:(?<socket>.+) failed$/},
  {class: 'socket-permission', errno: 13, pattern: /^connect\(\) to unix:(?<socket>.+) failed$/},
  {class: 'refused', errno: 111, pattern: /^connect\(\) (?:to (?<address>.+) )?failed$/},
  {class: 'backlog-full', errno: 11, pattern: /^connect\(\) to unix:(?<socket>.+) failed$/},
  // EHOSTUNREACH / ENETUNREACH on a TCP upstream: the host is down or a firewall rejects with an ICMP error.
  {class: 'unreachable', errno: 113, pattern: /^connect\(\) (?:to (?<address>.+) )?failed$/},
  {class: 'unreachable', errno: 101, pattern: /^connect\(\) (?:to (?<address>.+) )?failed$/},
  {class: 'timed-out', errno: 110, pattern: /^upstream timed out$/},
  {class: 'prematurely-closed', pattern: /^upstream prematurely closed (?:connection|FastCGI stdout|FastCGI request)/},
  {class: 'reset-by-peer', errno: 104, upstreamAction: true, pattern: /^(?:recv|readv|send|writev|sendfile|SSL_read|SSL_do_handshake)\(\) failed$/},
  // src/event/ngx_event_openssl.c ngx_ssl_handshake: ngx_connection_error(c, err, "peer closed connection in SSL handshake"),
  // with `(104: ...)` when the peer reset and no errno when it closed cleanly; `while SSL handshaking to upstream`.
  {class: 'reset-by-peer', upstreamAction: true, pattern: /^peer closed connection in SSL handshake$/},
  {class: 'too-big-header', pattern: /^upstream sent too big header/},
  {class: 'no-live-upstreams', pattern: /^no live upstreams$/},
]

export type NginxClassification = {class: string; upstream?: string; socket?: string; address?: string}

/** Classify one nginx error-log entry as an upstream failure, or null. */
export function classifyNginxError(entry: NginxErrorEntry): NginxClassification | null {
  for (const rule of NGINX_ERROR_CLASSES) {
    if (rule.errno !== undefined && entry.errno !== rule.errno) continue
    if (rule.upstreamAction && !/upstream/.test(entry.action ?? '')) continue
    const match = rule.pattern.exec(entry.message)
    if (!match) continue
    const result: NginxClassification = {class: rule.class}
    if (entry.upstream !== undefined) result.upstream = entry.upstream
    const groups = match.groups ?? {}
    if (groups.socket !== undefined) result.socket = groups.socket
    // For TCP the message has no address: nginx names the peer in the upstream field.
    const address = groups.address ?? (rule.class === 'refused' || rule.class === 'unreachable' ? upstreamAddress(entry.upstream) : undefined)
    if (address !== undefined) result.address = address
    return result
  }
  return null
}

/** `fastcgi://unix:/run/php.sock:` -> `unix:/run/php.sock`; `fastcgi://127.0.0.1:9000` -> `127.0.0.1:9000`. */
export function upstreamAddress(upstream: string | undefined): string | undefined {
  if (!upstream) return undefined
  const withoutSchema = upstream.replace(/^[a-z]+:\/\//, '')
  if (!withoutSchema.startsWith('unix:')) return withoutSchema.replace(/\/.*$/, '')
  // unix:PATH[:URI]: nginx appends ':' and the URI only for unix peers.
  const path = withoutSchema.slice('unix:'.length)
  const colon = path.lastIndexOf(':')
  return `unix:${colon >= 0 ? path.slice(0, colon) : path}`
}
