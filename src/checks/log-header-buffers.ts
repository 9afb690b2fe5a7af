import {effective, parseSize, servers, type ServerInfo} from '../nginx/query.js'
import type {NginxConfig} from '../nginx/types.js'

/** nginx's default (ngx_http_core_module): 4 buffers of 8k; a request line or header must fit in one. */
export const DEFAULT_HEADER_BUFFERS = {count: 4, size: 8192, text: '4 8k'}

/** The large_client_header_buffers in force for one server. */
export interface ServerBuffers {
  server: ServerInfo
  /** As written, e.g. `2 1k`. */
  value: string
  count: number | null
  size: number | null
  /** FILE:LINE of the directive, null when nginx's default applies. */
  at: string | null
  /** Smaller than the default in number or size. */
  small: boolean
}

export function serverName(server: ServerInfo): string {
  return `${server.serverNames[0] ?? '""'} (${server.file}:${server.line})`
}

function buffersOf(config: NginxConfig, server: ServerInfo): ServerBuffers {
  const found = effective(config, server.chain, 'large_client_header_buffers')
  const [count, size] = found.args
  const parsedCount = /^\d+$/.test(count ?? '') ? Number(count) : null
  const parsedSize = size !== undefined ? parseSize(size) : null
  return {
    server,
    value: found.args.join(' '),
    count: parsedCount,
    size: parsedSize,
    at: found.file !== null ? `${found.file}:${found.line}` : null,
    small:
      (parsedCount !== null && parsedCount < DEFAULT_HEADER_BUFFERS.count) || (parsedSize !== null && parsedSize < DEFAULT_HEADER_BUFFERS.size),
  }
}

/** A server and the default server of one of its listen sockets, whose buffers read the request line. */
export interface ListenDefault {
  listen: string
  server: ServerBuffers
  defaultServer: ServerBuffers
}

/**
 * Effective buffers of every server, and for each server the default server of each of
 * its listen sockets. nginx reads the request line and the headers before Host with the
 * default server's buffers (the virtual server is not known yet), so a value set in a
 * non-default server does not cover those (nginx docs, "Virtual server selection").
 */
export function headerBuffers(config: NginxConfig): {buffers: ServerBuffers[]; defaults: ListenDefault[]} {
  const buffers = servers(config).map((server) => buffersOf(config, server))
  const byListen = new Map<string, ServerBuffers[]>()
  for (const entry of buffers) {
    for (const listen of entry.server.listen) {
      const key = socketKey(listen.address)
      const group = byListen.get(key)
      if (group) group.push(entry)
      else byListen.set(key, [entry])
    }
  }
  const defaults: ListenDefault[] = []
  for (const [listen, group] of byListen) {
    // The one marked default_server, else the first server in config order (ngx_http_add_addresses).
    const defaultServer = group.find((entry) => entry.server.listen.some((l) => socketKey(l.address) === listen && l.defaultServer)) ?? group[0]
    for (const entry of group) if (entry !== defaultServer) defaults.push({listen, server: entry, defaultServer})
  }
  return {buffers, defaults}
}

/** `listen 80` and `listen 0.0.0.0:80` are the same socket; `[::]:80` is another. */
function socketKey(address: string): string {
  return address.replace(/^0\.0\.0\.0:/, '*:')
}
