/** One hop of an OpenSSH ProxyJump value. */
export interface JumpHop {
  user?: string
  host: string
  port?: number
}

/**
 * Parses `[user@]host[:port][,next...]` (ssh(1) -J; `ssh://` URIs and
 * `[v6addr]:port` accepted too). Throws naming the offending hop.
 */
export function parseProxyJump(spec: string): JumpHop[] {
  if (spec.trim().toLowerCase() === 'none') return []
  return spec.split(',').map((raw) => {
    let text = raw.trim().replace(/^ssh:\/\//, '')
    if (text === '') throw new Error(`ProxyJump "${spec}": empty hop`)
    let user: string | undefined
    const at = text.lastIndexOf('@')
    if (at !== -1) {
      user = text.slice(0, at)
      text = text.slice(at + 1)
    }
    let host = text
    let portText: string | undefined
    const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(text)
    if (bracketed) {
      host = bracketed[1]
      portText = bracketed[2]
    } else if (text.split(':').length === 2) {
      ;[host, portText] = text.split(':')
    }
    let port: number | undefined
    if (portText !== undefined) {
      port = Number(portText)
      if (!/^\d+$/.test(portText) || port < 1 || port > 65535) throw new Error(`ProxyJump "${spec}": bad port in hop "${raw.trim()}"`)
    }
    if (!host || (user !== undefined && user === '')) throw new Error(`ProxyJump "${spec}": bad hop "${raw.trim()}"`)
    return {...(user ? {user} : {}), host, ...(port ? {port} : {})}
  })
}

export function formatHop(hop: {user?: string; host: string; port?: number}): string {
  const host = hop.host.includes(':') ? `[${hop.host}]` : hop.host
  return `${hop.user ? `${hop.user}@` : ''}${host}${hop.port ? `:${hop.port}` : ''}`
}
