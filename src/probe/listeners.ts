import type {Listener} from './facts.js'
import {lines} from './text.js'

/** First process name in ss's `users:(("php-fpm8.2",pid=46,fd=10),...)`. */
function ssProcess(text: string): string | undefined {
  return /users:\(\("([^"]+)"/.exec(text)?.[1]
}

/**
 * `ss -xlpn`: `u_str LISTEN RECVQ SENDQ PATH INODE * 0 [users:(...)]`. The path
 * may contain spaces, so it is everything between SENDQ and the inode that is
 * followed by the `* 0` peer columns.
 */
export function parseSsUnix(body: string): Listener[] {
  const out: Listener[] = []
  for (const line of lines(body)) {
    const m = /^(u_str|u_seq|u_dgr)\s+\S+\s+\d+\s+\d+\s+(.+?)\s+\d+\s+\*\s+\d+(?:\s+(.*))?$/.exec(line)
    if (!m || m[1] === 'u_dgr') continue
    out.push({kind: 'unix', address: m[2], process: ssProcess(m[3] ?? '')})
  }
  return out
}

/** `ss -ltnp`: `LISTEN RECVQ SENDQ LOCAL PEER [users:(...)]`. */
export function parseSsTcp(body: string): Listener[] {
  const out: Listener[] = []
  for (const line of lines(body)) {
    const m = /^LISTEN\s+\d+\s+\d+\s+(\S+)\s+\S+(?:\s+(.*))?$/.exec(line)
    if (m) out.push({kind: 'tcp', address: m[1], process: ssProcess(m[2] ?? '')})
  }
  return out
}

/** /proc/net/unix rows already filtered to listening sockets (no ss on the host). */
export function parseProcNetUnix(body: string): Listener[] {
  return lines(body).flatMap((line) => {
    const cols = line.trim().split(/\s+/)
    if (cols[0] === 'Num' || cols.length < 8) return []
    return [{kind: 'unix' as const, address: cols.slice(7).join(' ')}]
  })
}

function hexIpv4(hex: string): string {
  // Kernel prints the 32-bit address in host (little-endian) byte order.
  const bytes = hex.match(/../g) ?? []
  return bytes.reverse().map((b) => parseInt(b, 16)).join('.')
}

function hexIpv6(hex: string): string {
  const words = (hex.match(/.{8}/g) ?? []).map((w) => (w.match(/../g) ?? []).reverse().join(''))
  const groups = words.join('').match(/.{4}/g) ?? []
  return `[${groups.map((g) => parseInt(g, 16).toString(16)).join(':').replace(/(^|:)0(:0)+(:|$)/, '::')}]`
}

/** /proc/net/tcp{,6} rows in state 0A (LISTEN). */
export function parseProcNetTcp(body: string): Listener[] {
  return lines(body).flatMap((line) => {
    const local = line.trim().split(/\s+/)[1]
    const m = /^([0-9A-F]+):([0-9A-F]{4})$/i.exec(local ?? '')
    if (!m) return []
    const addr = m[1].length === 8 ? hexIpv4(m[1]) : hexIpv6(m[1])
    return [{kind: 'tcp' as const, address: `${addr}:${parseInt(m[2], 16)}`}]
  })
}
