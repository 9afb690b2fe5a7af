import {TransportError, type TransportErrorKind} from './types.js'

/** Node/libuv error codes, as data: what each means for "could we reach the host". */
const CODE_KINDS: Record<string, TransportErrorKind> = {
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_NONAME: 'dns',
  EAI_NODATA: 'dns',
  EAI_FAIL: 'dns',
  ECONNREFUSED: 'refused',
  EHOSTUNREACH: 'refused',
  ENETUNREACH: 'refused',
  EHOSTDOWN: 'refused',
  ENETDOWN: 'refused',
  EADDRNOTAVAIL: 'refused',
  ETIMEDOUT: 'timeout',
  ABORT_ERR: 'aborted',
}

/**
 * Messages ssh2 (and OpenSSH, through channel-open failures on a bastion) use,
 * for errors without a usable code. First match wins.
 */
const MESSAGE_KINDS: {pattern: RegExp; kind: TransportErrorKind}[] = [
  {pattern: /All configured authentication methods failed/i, kind: 'auth'},
  {pattern: /Timed out while waiting for handshake|Keepalive timeout|timed out/i, kind: 'timeout'},
  {pattern: /getaddrinfo|Name or service not known|name resolution/i, kind: 'dns'},
  {pattern: /Connection refused|No route to host|Network is unreachable|Host is unreachable/i, kind: 'refused'},
]

/** Maps any error met while reaching a host (ssh2, net, dns, our own) to the kind reports show. */
export function classifyError(err: unknown): TransportErrorKind {
  if (err instanceof TransportError) return err.kind
  if (typeof err !== 'object' || err === null) return 'protocol'
  const {code, level, message, name} = err as {code?: unknown; level?: unknown; message?: unknown; name?: unknown}
  if (name === 'AbortError') return 'aborted'
  if (typeof code === 'string' && CODE_KINDS[code]) return CODE_KINDS[code]
  if (level === 'client-timeout') return 'timeout'
  if (level === 'client-dns') return 'dns'
  if (level === 'client-authentication' && /All configured authentication methods failed/.test(String(message))) return 'auth'
  const text = String(message ?? '')
  for (const {pattern, kind} of MESSAGE_KINDS) if (pattern.test(text)) return kind
  // Handshake, KEX, disconnects and everything unforeseen: the peer speaks, but not as we need.
  return 'protocol'
}
