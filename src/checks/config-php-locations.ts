/**
 * PHP locations of an nginx config: the regex locations that select `.php`
 * scripts and the locations that hand requests to FastCGI.
 */
import {locations, servers, type LocationInfo, type ServerInfo} from '../nginx/query.js'
import type {NginxConfig, NginxDirective} from '../nginx/types.js'

/** Regex location modifiers; prefix and exact locations never select "any .php file". */
const REGEX_MODIFIERS = new Set(['~', '~*'])
/** A pattern about PHP scripts: `\.php$`, `\.php(/|$)`, `^(.+\.php)(/.+)$`, `^/index\.php(/|$)`. */
const PHP_PATTERN = /php/i
/**
 * Patterns pinned to named scripts (`^/index\.php(/|$)`, `^/(app|app_dev)\.php`):
 * only those files reach FastCGI, so no upload can be run through them.
 */
const NAMED_SCRIPT_PATTERN = /^\^\/(?:[\w-]+\/)*(?:[\w-]+|\((?:[\w-]+\|?)+\))\\\.php/

export interface PhpLocation {
  server: ServerInfo
  location: LocationInfo
}

export function isPhpLocation(location: Pick<LocationInfo, 'modifier' | 'pattern'>): boolean {
  return REGEX_MODIFIERS.has(location.modifier) && PHP_PATTERN.test(location.pattern)
}

/** A PHP regex that matches any script name, not just a few named front controllers. */
export function matchesAnyScript(location: Pick<LocationInfo, 'modifier' | 'pattern'>): boolean {
  return isPhpLocation(location) && !NAMED_SCRIPT_PATTERN.test(location.pattern)
}

/** Directives written in the location itself (includes are inlined there), `if` blocks in it included. */
export function ownDirectives(node: NginxDirective, name: string): NginxDirective[] {
  return (node.block ?? []).flatMap((d) => (d.directive === 'if' ? ownDirectives(d, name) : d.directive === name ? [d] : []))
}

/** Every location of every server, with its server. */
export function serverLocations(config: NginxConfig): PhpLocation[] {
  return servers(config).flatMap((server) => locations(server).map((location) => ({server, location})))
}

/** `location ~ \.php$ (FILE:LINE)`: how findings name a location. */
export function locationLabel(location: Pick<LocationInfo, 'node'>): string {
  const {node} = location
  return `location ${node.args.join(' ')} (${node.file}:${node.line})`
}

/** `server app.test:8080 (FILE:LINE)`: how findings name a server. */
export function serverLabel(server: ServerInfo): string {
  const name = server.serverNames.find((n) => n !== '' && n !== '_') ?? server.serverNames[0] ?? '_'
  const port = server.listen[0] ? `:${server.listen[0].port ?? ''}` : ''
  return `server ${name}${port} (${server.file}:${server.line})`
}
