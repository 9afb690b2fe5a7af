/** `listen` arguments -> address and flags (ngx_http_core_listen, ngx_parse_url). */

export interface ListenInfo {
  /** `*:80`, `127.0.0.1:8080`, `[::]:80`, `unix:/run/x.sock` */
  address: string
  host: string
  /** null for unix sockets. */
  port: number | null
  unix: boolean
  defaultServer: boolean
  ssl: boolean
  http2: boolean
  /** Every argument after the address, as written. */
  params: string[]
}

/** What nginx listens on when a server has no `listen` (as root). */
export const DEFAULT_LISTEN = ['*:80']

export function parseListen(args: string[]): ListenInfo {
  const [addr = '*:80', ...params] = args
  const flags = {
    defaultServer: params.includes('default_server') || params.includes('default'),
    ssl: params.includes('ssl'),
    http2: params.includes('http2'),
    params,
  }
  if (addr.startsWith('unix:')) return {address: addr, host: addr.slice(5), port: null, unix: true, ...flags}
  let host = '*'
  let port = 80
  const v6 = /^(\[[^\]]*\])(?::(\d+))?$/.exec(addr)
  if (v6) {
    host = v6[1]
    port = v6[2] ? Number(v6[2]) : 80
  } else if (/^\d+$/.test(addr)) {
    port = Number(addr)
  } else {
    const i = addr.lastIndexOf(':')
    host = i < 0 ? addr : addr.slice(0, i)
    port = i < 0 ? 80 : Number(addr.slice(i + 1))
  }
  return {address: `${host}:${port}`, host, port, unix: false, ...flags}
}
