/**
 * Which FPM pool answers an address nginx passes to. Shared by the checks that
 * follow a location to its pool (socket-mismatch, socket-permission, timeouts/order).
 */
import type {FpmPool} from '../fpm/types.js'
import type {UpstreamAddress} from '../nginx/query.js'
import type {FpmInstall, HostFacts} from '../probe/facts.js'

export interface HostPool {
  install: FpmInstall
  pool: FpmPool
}

const poolsByHost = new WeakMap<HostFacts, readonly HostPool[]>()

/** Every pool of every FPM install whose configuration could be read (once per host, shared: read-only). */
export function hostPools(facts: HostFacts): readonly HostPool[] {
  let pools = poolsByHost.get(facts)
  if (!pools) {
    pools = facts.fpm.flatMap((install) => (install.config?.pools ?? []).map((pool) => ({install, pool})))
    poolsByHost.set(facts, pools)
  }
  return pools
}

/** FILE:LINE where a pool setting was written; undefined for php-src defaults and unknown places. */
export function poolSettingAt(pool: FpmPool, key: string): string | undefined {
  const at = pool.where[key]
  return at && at !== 'default' ? at : undefined
}

/** Where the pool's `listen` is written, else its `[name]` header, else just its name. */
export function poolListenAt(pool: FpmPool): string {
  return poolSettingAt(pool, 'listen') ?? (pool.file ? `${pool.file}:${pool.line ?? '?'}` : `pool [${pool.name}]`)
}

/** `key = value (FILE:LINE)` or `key = value (default)`, for evidence. */
export function poolSettingLine(pool: FpmPool, key: string): string | undefined {
  const value = pool.settings[key]
  if (value === undefined) return undefined
  return `[${pool.name}] ${key} = ${value} (${poolSettingAt(pool, key) ?? 'default'})`
}

/** Directory aliases every Debian/Ubuntu/RHEL system has (/var/run is a symlink to /run). */
const PATH_ALIASES: ReadonlyArray<readonly [string, string]> = [['/var/run/', '/run/']]

export function canonicalPath(path: string): string {
  for (const [alias, target] of PATH_ALIASES) if (path.startsWith(alias)) return target + path.slice(alias.length)
  return path
}

/** FPM `listen` host parts that bind every address (`listen = 9000` binds all, as does `0.0.0.0:9000`). */
const ANY_HOST = new Set(['', '*', '0.0.0.0', '[::]', '::'])
const LOOPBACK = /^(?:127(?:\.\d{1,3}){3}|localhost|\[::1\]|::1)$/

export const isLoopback = (host: string): boolean => LOOPBACK.test(host)

/** `127.0.0.1:9000` / `[::1]:9000` / `9000` -> host and port. */
export function splitTcpListen(listen: string): {host: string; port: number} | null {
  const match = /^(?:(.*):)?(\d+)$/.exec(listen.trim())
  return match ? {host: match[1] ?? '', port: Number(match[2])} : null
}

function sameHost(poolHost: string, nginxHost: string): boolean {
  if (ANY_HOST.has(poolHost) || poolHost === nginxHost) return true
  // `localhost` resolves to the loopback addresses on both sides.
  return (poolHost === 'localhost' && isLoopback(nginxHost)) || (nginxHost === 'localhost' && isLoopback(poolHost))
}

/** Does this pool listen on the address nginx connects to? */
export function poolServes(pool: FpmPool, address: UpstreamAddress): boolean {
  if (address.kind === 'unix') return pool.listenKind === 'unix' && canonicalPath(pool.listen) === canonicalPath(address.path)
  if (address.kind !== 'tcp' || pool.listenKind !== 'tcp') return false
  const listen = splitTcpListen(pool.listen)
  return listen !== null && listen.port === address.port && sameHost(listen.host, address.host)
}

/** Pools by canonical unix path and by TCP port, built once per pools array. */
interface PoolIndex {
  unix: Map<string, HostPool[]>
  tcp: Map<number, HostPool[]>
}
const poolIndexes = new WeakMap<readonly HostPool[], PoolIndex>()

function poolIndex(pools: readonly HostPool[]): PoolIndex {
  let index = poolIndexes.get(pools)
  if (index) return index
  index = {unix: new Map(), tcp: new Map()}
  const add = <K>(map: Map<K, HostPool[]>, key: K, entry: HostPool) => {
    const list = map.get(key)
    if (list) list.push(entry)
    else map.set(key, [entry])
  }
  for (const entry of pools) {
    if (entry.pool.listenKind === 'unix') add(index.unix, canonicalPath(entry.pool.listen), entry)
    else if (entry.pool.listenKind === 'tcp') {
      const listen = splitTcpListen(entry.pool.listen)
      if (listen) add(index.tcp, listen.port, entry)
    }
  }
  poolIndexes.set(pools, index)
  return index
}

/**
 * The pools (in config order) that listen on `address`, as poolServes() decides; looked
 * up in an index, since checks ask it for every address nginx passes to.
 */
export function poolsServing(pools: readonly HostPool[], address: UpstreamAddress): HostPool[] {
  const index = poolIndex(pools)
  if (address.kind === 'unix') return [...(index.unix.get(canonicalPath(address.path)) ?? [])]
  if (address.kind !== 'tcp' || address.port === null) return []
  return (index.tcp.get(address.port) ?? []).filter(({pool}) => poolServes(pool, address))
}

/** nginx's address in its own spelling: `unix:/path` or `host:port`. */
export function describeAddress(address: UpstreamAddress): string {
  if (address.kind === 'unix') return `unix:${address.path}`
  if (address.kind === 'tcp') return `${address.host}:${address.port ?? '?'}`
  return address.raw
}
