/**
 * Where nginx sends requests: every *_pass directive, resolved through
 * `upstream NAME { server ...; }` blocks into unix/tcp addresses.
 */
import {PASS_DIRECTIVES, TOP_CONTEXTS} from './directive-table.js'
import type {NginxConfig, NginxDirective} from './types.js'
import {children, walk} from './walk.js'

export type UpstreamAddress =
  | {kind: 'unix'; path: string; params?: string[]; file?: string; line?: number}
  | {kind: 'tcp'; host: string; port: number | null; params?: string[]; file?: string; line?: number}
  /** Contains nginx variables (e.g. `$backend`): only known per request, not resolvable statically. */
  | {kind: 'variable'; raw: string}

export interface UpstreamTarget {
  /** `fastcgi_pass`, `proxy_pass`, ... */
  directive: string
  /** The argument as written. */
  raw: string
  file: string
  line: number
  /** Enclosing blocks, outermost first (http, server, location, if...). */
  chain: NginxDirective[]
  /** Name of the `upstream {}` block it went through, if any. */
  upstream?: string
  upstreamFile?: string
  upstreamLine?: number
  addresses: UpstreamAddress[]
}

/** `unix:/path` or `host[:port]` of a literal address (port `defaultPort` when absent). */
export function parseAddress(addr: string, defaultPort: number | null): UpstreamAddress {
  if (addr.startsWith('unix:')) {
    // proxy_pass http://unix:/path.sock:/uri: the path ends at the next ':'.
    return {kind: 'unix', path: addr.slice(5).split(':')[0]}
  }
  const v6 = /^(\[[^\]]*\])(?::(\d+))?$/.exec(addr)
  if (v6) return {kind: 'tcp', host: v6[1], port: v6[2] ? Number(v6[2]) : defaultPort}
  const i = addr.lastIndexOf(':')
  if (i > 0 && /^\d+$/.test(addr.slice(i + 1))) return {kind: 'tcp', host: addr.slice(0, i), port: Number(addr.slice(i + 1))}
  return {kind: 'tcp', host: addr, port: defaultPort}
}

/** Strips scheme and URI: `http://name:8080/v1/` -> {host part, default port}. */
function splitPassArg(directive: string, raw: string): {target: string; defaultPort: number | null} {
  const spec = PASS_DIRECTIVES[directive]
  let target = raw
  let defaultPort: number | null = null
  for (const [scheme, port] of Object.entries(spec.schemes)) {
    if (target.toLowerCase().startsWith(scheme)) {
      target = target.slice(scheme.length)
      defaultPort = port || null
    }
  }
  if (spec.uri && !target.startsWith('unix:')) target = target.split('/')[0]
  if (spec.uri && target.startsWith('unix:')) target = target.replace(/:\/.*$/, '')
  return {target, defaultPort}
}

const targetsByConfig = new WeakMap<NginxConfig, readonly UpstreamTarget[]>()

/**
 * Every *_pass of the config with its resolved addresses. Several checks ask this of
 * the same host: it is worked out once per config and shared (read-only).
 */
export function upstreamTargets(config: NginxConfig): readonly UpstreamTarget[] {
  let targets = targetsByConfig.get(config)
  if (!targets) {
    targets = collectUpstreamTargets(config)
    targetsByConfig.set(config, targets)
  }
  return targets
}

/** The first `upstream NAME {}` of each name in a top context (http, stream). */
function upstreamsOf(top: NginxDirective): Map<string, NginxDirective> {
  const byName = new Map<string, NginxDirective>()
  for (const u of children(top, 'upstream')) if (u.args[0] !== undefined && !byName.has(u.args[0])) byName.set(u.args[0], u)
  return byName
}

function collectUpstreamTargets(config: NginxConfig): UpstreamTarget[] {
  const upstreamMaps = new Map<NginxDirective, Map<string, NginxDirective>>()
  const upstreamsByName = (top: NginxDirective): Map<string, NginxDirective> => {
    let byName = upstreamMaps.get(top)
    if (!byName) upstreamMaps.set(top, (byName = upstreamsOf(top)))
    return byName
  }
  const out: UpstreamTarget[] = []
  walk(config.tree, (node, chain) => {
    if (!(node.directive in PASS_DIRECTIVES) || node.args.length === 0) return
    const raw = node.args[0]
    const base = {directive: node.directive, raw, file: node.file, line: node.line, chain}
    if (raw.includes('$')) {
      out.push({...base, addresses: [{kind: 'variable', raw}]})
      return
    }
    const {target, defaultPort} = splitPassArg(node.directive, raw)
    const top = chain.find((c) => TOP_CONTEXTS.has(c.directive))
    // An upstream block is found by host name when no port is written.
    const block = /:\d+$/.test(target) || !top ? undefined : upstreamsByName(top).get(target)
    if (!block) {
      out.push({...base, addresses: [parseAddress(target, defaultPort)]})
      return
    }
    const addresses = children(block, 'server').map((s): UpstreamAddress => {
      const [addr = '', ...params] = s.args
      return {...parseAddress(addr, 80), params, file: s.file, line: s.line} as UpstreamAddress
    })
    out.push({...base, upstream: target, upstreamFile: block.file, upstreamLine: block.line, addresses})
  })
  return out
}
