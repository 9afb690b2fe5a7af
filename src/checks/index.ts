/** Every check that runs on collected facts, alphabetical by ID (host/unreachable is made by the runner). */
import {fpmServiceDown} from './rules/fpm-service-down.js'
import {hostPartial} from './rules/host-partial.js'
import {nginxConfigInvalid} from './rules/nginx-config-invalid.js'
import {nginxServiceDown} from './rules/nginx-service-down.js'
import {upstreamSocketMissing} from './rules/upstream-socket-missing.js'
import {hostUnreachableMeta} from './rules/host-unreachable.js'
import type {Check, CheckMeta} from './types.js'

export const allChecks: readonly Check[] = [
  fpmServiceDown,
  hostPartial,
  nginxConfigInvalid,
  nginxServiceDown,
  upstreamSocketMissing,
]

/** Docs of every check in the catalog, for `fleet explain` and the doc-completeness test. */
export const allCheckMetas: readonly CheckMeta[] = [...allChecks.map((check) => check.meta), hostUnreachableMeta].sort((a, b) =>
  a.id.localeCompare(b.id),
)

export function findCheckMeta(id: string): CheckMeta | undefined {
  return allCheckMetas.find((meta) => meta.id === id)
}
