/** `server` blocks of `http` with what they listen on and answer to. */
import {DEFAULT_LISTEN, parseListen, type ListenInfo} from './listen.js'
import type {NginxConfig, NginxDirective} from './types.js'
import {children} from './walk.js'

export interface ServerInfo {
  node: NginxDirective
  file: string
  line: number
  /** `listen` directives; `*:80` when the server has none (nginx's default as root). */
  listen: ListenInfo[]
  /** True when no `listen` was written and DEFAULT_LISTEN applies. */
  defaultListen: boolean
  serverNames: string[]
  /** [http, server]: pass to effective(). */
  chain: NginxDirective[]
}

const serversByConfig = new WeakMap<NginxConfig, readonly ServerInfo[]>()

/** Worked out once per config (three checks ask it of every host); shared, read-only. */
export function servers(config: NginxConfig): readonly ServerInfo[] {
  let list = serversByConfig.get(config)
  if (!list) serversByConfig.set(config, (list = collectServers(config)))
  return list
}

function collectServers(config: NginxConfig): ServerInfo[] {
  const out: ServerInfo[] = []
  for (const http of config.tree.filter((d) => d.directive === 'http')) {
    for (const node of children(http, 'server')) {
      const listens = children(node, 'listen')
      out.push({
        node,
        file: node.file,
        line: node.line,
        listen: listens.length ? listens.map((l) => parseListen(l.args)) : [parseListen(DEFAULT_LISTEN)],
        defaultListen: listens.length === 0,
        serverNames: children(node, 'server_name').flatMap((d) => d.args),
        chain: [http, node],
      })
    }
  }
  return out
}
