/**
 * The facts a check needs, by name, and how to tell that one is missing. Every check
 * declares its needs (Check.needs); runChecks() skips a check, with the reason, when a
 * need could not be collected, so no check can pass on facts it never had ("never
 * silently healthy"). test/unit/checks/no-silent-healthy.test.ts holds every check to it.
 */
import type {HostFacts} from '../probe/facts.js'
import {logUnavailable} from './log-window.js'

export type FactNeed =
  | 'nginx-config'
  | 'nginx-test'
  | 'nginx-service'
  | 'nginx-error-log'
  | 'nginx-access-log'
  | 'fpm-config'
  | 'fpm-test'
  | 'fpm-service'
  | 'fpm-log'
  | 'php-error-log'
  | 'kernel-log'
  | 'memory'
  | 'disks'
  | 'app-log'

/** null: there; 'absent': the software it comes from is not on the host (nothing to judge, not a gap); else why it is missing. */
export type NeedState = null | 'absent' | string

const partialReason = (facts: HostFacts, match: (fact: string) => boolean): string => {
  const found = facts.partial.filter((fact) => match(fact.fact))
  return found.length > 0 ? `: ${found.map((fact) => fact.reason).join('; ')}` : ''
}

const installedFpm = (facts: HostFacts) => facts.fpm.filter((install) => install.service.installed || install.config !== null)

export const NEEDS: Record<FactNeed, (facts: HostFacts) => NeedState> = {
  'nginx-config': (facts) => (!facts.nginx.installed ? 'absent' : facts.nginx.config ? null : `nginx config could not be read${partialReason(facts, (f) => f === 'nginx-config')}`),
  'nginx-test': (facts) => (!facts.nginx.installed ? 'absent' : facts.nginx.test ? null : 'nginx -t could not be run'),
  'nginx-service': (facts) => (!facts.nginx.installed ? 'absent' : facts.nginx.service.active !== 'unknown' ? null : 'nginx service state could not be read'),
  'nginx-error-log': (facts) => logUnavailable(facts, 'nginxError'),
  'nginx-access-log': (facts) => logUnavailable(facts, 'nginxAccess'),
  'fpm-config': (facts) => {
    const installs = installedFpm(facts)
    if (installs.length === 0) return 'absent'
    if (installs.some((install) => install.config !== null)) return null
    return `FPM pools could not be read: FPM configuration of ${installs.map((install) => install.binary).join(', ')} could not be read${partialReason(facts, (f) => f.startsWith('fpm-config:') || f.startsWith('fpm-files:'))}`
  },
  'fpm-test': (facts) => {
    const installs = facts.fpm.filter((install) => install.service.installed)
    if (installs.length === 0) return 'absent'
    return installs.some((install) => install.test) ? null : `${installs.map((install) => install.binary).join(', ')} -t could not be run`
  },
  'fpm-service': (facts) => {
    const installs = facts.fpm.filter((install) => install.service.installed)
    if (installs.length === 0) return 'absent'
    return installs.some((install) => install.service.active !== 'unknown') ? null : `${installs.map((install) => install.service.unit).join(', ')} state could not be read`
  },
  'fpm-log': (facts) => logUnavailable(facts, 'fpm'),
  // PHP's own error log: only where a pool sets one (php_admin_value[error_log]); else 'absent'.
  'php-error-log': (facts) => {
    const files = new Set(facts.fpm.flatMap((install) => (install.config?.pools ?? []).flatMap((pool) => [pool.settings['php_admin_value[error_log]'], pool.settings['php_value[error_log]']]).filter((path): path is string => !!path && path.startsWith('/'))))
    if (files.size === 0) return 'absent'
    if (facts.logs.phpError.length > 0) return null
    const failed = facts.partial.filter((fact) => fact.fact.startsWith('log:') && files.has(fact.fact.slice(4)))
    return `no PHP error log could be read${failed.length > 0 ? ` (${failed.map((fact) => `${fact.fact.slice(4)}: ${fact.reason}`).join('; ')})` : ''}`
  },
  'kernel-log': (facts) => (facts.logs.kernel ? null : `kernel log not readable${partialReason(facts, (f) => f === 'kernel-log') || ': unknown reason'}`),
  memory: (facts) => (facts.memory.memTotalKb !== undefined ? null : 'MemTotal (/proc/meminfo) was not collected'),
  disks: (facts) => (facts.evidence.disks ? null : `disk usage could not be read${diskReason(facts)}`),
  'app-log': (facts) => {
    const failed = facts.partial.filter((fact) => fact.fact === 'app-log' || fact.fact.startsWith('app-log:'))
    // Some applications' logs read: the check judges those and says which it could not read.
    if (failed.length === 0 || facts.evidence.appLogs.length > 0) return null
    return `application log not readable: ${failed.map((fact) => `${fact.fact.replace(/^app-log:?/, '') || 'app-log'}: ${fact.reason}`).join('; ')}`
  },
}

/** Why the disk usage is unknown: its own partial entry, else the evidence section's, else a probe without one. */
export function diskReason(facts: HostFacts): string {
  return partialReason(facts, (f) => f === 'disks') || partialReason(facts, (f) => f === 'evidence') || ': the probe sent no evidence section (df was not run)'
}

/**
 * Why a check cannot run on these facts, or null. A requirement is one need or a list of
 * alternatives (any one there is enough, e.g. PHP's errors are in the nginx OR the FPM log).
 */
export function unmetNeed(needs: ReadonlyArray<FactNeed | readonly FactNeed[]>, facts: HostFacts): string | null {
  for (const need of needs) {
    const states = (typeof need === 'string' ? [need] : need).map((name) => NEEDS[name](facts))
    if (states.some((state) => state === null)) continue
    const reasons = states.filter((state): state is string => state !== null && state !== 'absent')
    // Every alternative absent: the software is not there, the check itself says nothing.
    if (reasons.length > 0) return reasons.join('; ')
  }
  return null
}
