/** Every `location` of a server, nested ones included, with its parent chain. */
import {GLUED_MODIFIERS, LOCATION_MODIFIERS, type LocationModifier} from './directive-table.js'
import type {ServerInfo} from './servers.js'
import type {NginxDirective} from './types.js'

export interface LocationInfo {
  node: NginxDirective
  modifier: LocationModifier
  pattern: string
  file: string
  line: number
  /** http -> server -> enclosing locations -> this one: pass to effective(). */
  chain: NginxDirective[]
  /** Enclosing location, for nested ones. */
  parent?: LocationInfo
}

/** `location = /x`, `location =/x`, `location ~* \.php$`, `location @name`, `location /`. */
export function parseLocationArgs(args: string[]): {modifier: LocationModifier; pattern: string} {
  if (args.length >= 2 && (LOCATION_MODIFIERS as readonly string[]).includes(args[0])) {
    return {modifier: args[0] as LocationModifier, pattern: args[1]}
  }
  const arg = args[0] ?? ''
  const glued = GLUED_MODIFIERS.find((m) => arg.startsWith(m) && arg.length > m.length)
  return glued ? {modifier: glued, pattern: arg.slice(glued.length)} : {modifier: '', pattern: arg}
}

export function locations(server: Pick<ServerInfo, 'node' | 'chain'>): LocationInfo[] {
  const out: LocationInfo[] = []
  const visit = (block: NginxDirective[], chain: NginxDirective[], parent?: LocationInfo): void => {
    for (const node of block) {
      if (node.directive !== 'location') continue
      const info: LocationInfo = {node, ...parseLocationArgs(node.args), file: node.file, line: node.line, chain: [...chain, node], parent}
      out.push(info)
      visit(node.block ?? [], info.chain, info)
    }
  }
  visit(server.node.block ?? [], server.chain)
  return out
}
