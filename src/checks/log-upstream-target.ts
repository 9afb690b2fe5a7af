import {upstreamTargets} from '../nginx/query.js'
import type {HostFacts, Listener} from '../probe/facts.js'

/** An address as nginx logs it (`127.0.0.1:9000`, `unix:/run/php/x.sock`), split for matching. */
export type LoggedAddress = {kind: 'unix'; path: string} | {kind: 'tcp'; host: string; port: number | null}

export function parseLoggedAddress(address: string): LoggedAddress {
  if (address.startsWith('unix:')) return {kind: 'unix', path: address.slice('unix:'.length)}
  const match = /^(.*):(\d+)$/.exec(address)
  return match ? {kind: 'tcp', host: match[1], port: Number(match[2])} : {kind: 'tcp', host: address, port: null}
}

// A listener on a wildcard address accepts connections to every local address.
const WILDCARD_HOSTS = new Set(['*', '0.0.0.0', '[::]', '::'])

/** Listeners (from `ss`) that would accept a connection to this address. */
export function listenersFor(facts: HostFacts, address: LoggedAddress): Listener[] {
  return facts.listeners.filter((listener) => {
    if (address.kind === 'unix') return listener.kind === 'unix' && listener.address === address.path
    if (listener.kind !== 'tcp') return false
    const parsed = parseLoggedAddress(listener.address)
    if (parsed.kind !== 'tcp' || parsed.port !== address.port) return false
    return WILDCARD_HOSTS.has(parsed.host) || parsed.host === address.host
  })
}

/** `FILE:LINE: fastcgi_pass ADDRESS` of every *_pass that sends to this address, for evidence. */
export function passDirectivesFor(facts: HostFacts, address: LoggedAddress): string[] {
  const config = facts.nginx.config
  if (!config) return []
  const lines: string[] = []
  for (const target of upstreamTargets(config)) {
    const hit = target.addresses.some((candidate) =>
      address.kind === 'unix'
        ? candidate.kind === 'unix' && candidate.path === address.path
        : candidate.kind === 'tcp' && candidate.port === address.port && candidate.host === address.host,
    )
    if (hit) lines.push(`${target.file}:${target.line}: ${target.directive} ${target.raw}`)
  }
  return lines
}

/** `ss` style line for a listener, for evidence. */
export function describeListener(listener: Listener): string {
  return `listening: ${listener.kind} ${listener.address}${listener.process ? ` (${listener.process})` : ''}`
}
