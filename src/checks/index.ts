/** Every check that runs on collected facts, alphabetical by ID (host/unreachable is made by the runner). */
import {appErrors} from './rules/app-errors.js'
import {fpmChildKilled} from './rules/fpm-child-killed.js'
import {fpmConfigInvalid} from './rules/fpm-config-invalid.js'
import {fpmMaxChildrenReached} from './rules/fpm-max-children-reached.js'
import {fpmMemoryOvercommit} from './rules/fpm-memory-overcommit.js'
import {fpmRequestTerminated} from './rules/fpm-request-terminated.js'
import {fpmSeemsBusy} from './rules/fpm-seems-busy.js'
import {fpmServiceDown} from './rules/fpm-service-down.js'
import {fpmSlowRequests} from './rules/fpm-slow-requests.js'
import {fleetConfigDrift} from './rules/fleet-config-drift.js'
import {hostPartial} from './rules/host-partial.js'
import {nginxConfigInvalid} from './rules/nginx-config-invalid.js'
import {nginxHeaderBuffers} from './rules/nginx-header-buffers.js'
import {nginxPhpWithoutTryFiles} from './rules/nginx-php-without-try-files.js'
import {nginxRootInPhpLocation} from './rules/nginx-root-in-php-location.js'
import {nginxResourceLimits} from './rules/nginx-resource-limits.js'
import {nginxServiceDown} from './rules/nginx-service-down.js'
import {nginxUpstreamErrors} from './rules/nginx-upstream-errors.js'
import {phpFatalErrors} from './rules/php-fatal-errors.js'
import {phpScriptNotFound} from './rules/php-script-not-found.js'
import {systemDiskFull} from './rules/system-disk-full.js'
import {systemOomKill} from './rules/system-oom-kill.js'
import {timeoutsOrder} from './rules/timeouts-order.js'
import {upstreamBacklogFull} from './rules/upstream-backlog-full.js'
import {upstreamRefused} from './rules/upstream-refused.js'
import {upstreamSocketMismatch} from './rules/upstream-socket-mismatch.js'
import {upstreamSocketMissing} from './rules/upstream-socket-missing.js'
import {upstreamSocketPermission} from './rules/upstream-socket-permission.js'
import {hostUnreachableMeta} from './rules/host-unreachable.js'
import type {Check, CheckMeta} from './types.js'
import type {FleetCheck} from './fleet/types.js'

export const allChecks: readonly Check[] = [
  appErrors,
  fpmChildKilled,
  fpmConfigInvalid,
  fpmMaxChildrenReached,
  fpmMemoryOvercommit,
  fpmRequestTerminated,
  fpmSeemsBusy,
  fpmServiceDown,
  fpmSlowRequests,
  hostPartial,
  nginxConfigInvalid,
  nginxHeaderBuffers,
  nginxPhpWithoutTryFiles,
  nginxResourceLimits,
  nginxRootInPhpLocation,
  nginxServiceDown,
  nginxUpstreamErrors,
  phpFatalErrors,
  phpScriptNotFound,
  systemDiskFull,
  systemOomKill,
  timeoutsOrder,
  upstreamBacklogFull,
  upstreamRefused,
  upstreamSocketMismatch,
  upstreamSocketMissing,
  upstreamSocketPermission,
]

/** Checks judged across the hosts of each inventory group, after every host was probed (alphabetical by ID). */
export const allFleetChecks: readonly FleetCheck[] = [fleetConfigDrift]

/** Docs of every check in the catalog, for `fleet explain` and the doc-completeness test. */
export const allCheckMetas: readonly CheckMeta[] = [...allChecks.map((check) => check.meta), ...allFleetChecks.map((check) => check.meta), hostUnreachableMeta].sort((a, b) =>
  a.id.localeCompare(b.id),
)

export function findCheckMeta(id: string): CheckMeta | undefined {
  return allCheckMetas.find((meta) => meta.id === id)
}
