import {logFiles} from '../nginx/query.js'
import {unreadableLogs} from '../logs/destinations.js'
import {nginxLogDestinations} from '../nginx/log-files.js'
import type {NginxConfig} from '../nginx/types.js'
import type {HostFacts, LogTail} from '../probe/facts.js'

/** `3600` -> `1h`, `900` -> `15m`, `45` -> `45s`: the window as operators wrote it with --since. */
export function describeWindow(seconds: number): string {
  const units: Array<[number, string]> = [
    [86_400, 'd'],
    [3600, 'h'],
    [60, 'm'],
  ]
  for (const [size, unit] of units) if (seconds >= size && seconds % size === 0) return `${seconds / size}${unit}`
  return `${seconds}s`
}

/**
 * A count read from log tails. When a tail hit its byte bound, older lines inside
 * the window were not read, so the count is a lower bound and says so.
 */
export function countText(count: number, tails: LogTail[]): string {
  return tails.some((tail) => tail.truncated) ? `at least ${count}` : String(count)
}

/** `1 time` / `3 times`; `pluralForm` for words that do not just take an s (`processes`). */
export function plural(count: number | string, word: string, pluralForm = `${word}s`): string {
  // `at least 1 time`: the number that decides is the last one.
  return `${count} ${/(^|\D)1$/.test(String(count)) ? word : pluralForm}`
}

/**
 * Where each log-based check reads from. `owns` tells which failed reads (`log:PATH`
 * partial facts) belong to the source, so a skip reason names only its own files.
 */
export const LOG_SOURCES = {
  fpm: {
    label: 'FPM error log',
    applies: (facts: HostFacts) => facts.fpm.some((install) => install.service.installed),
    tails: (facts: HostFacts) => facts.logs.fpm,
    owns: (facts: HostFacts, path: string) =>
      facts.fpm.some((install) => install.config?.global.error_log === path) || /php|fpm/i.test(path),
  },
  nginxError: {
    label: 'nginx error log',
    applies: (facts: HostFacts) => facts.nginx.installed,
    tails: (facts: HostFacts) => facts.logs.nginxError,
    owns: (facts: HostFacts, path: string) =>
      nginxLogPaths(facts, 'error').has(path) || (/nginx/.test(path) && /error/.test(path)) || nginxJournalReads(facts).has(path),
  },
  nginxAccess: {
    label: 'nginx access log',
    applies: (facts: HostFacts) => facts.nginx.installed,
    tails: (facts: HostFacts) => facts.logs.nginxAccess,
    owns: (facts: HostFacts, path: string) => nginxLogPaths(facts, 'access').has(path) || (/nginx/.test(path) && /access/.test(path)),
  },
} as const

export type LogSource = keyof typeof LOG_SOURCES

/** `journalctl -t TAG` for each tag nginx's error_log sends to the local journal (`tag=`, else `nginx`). */
function nginxJournalReads(facts: HostFacts): Set<string> {
  const config = facts.nginx.config
  if (!config) return new Set()
  // Once per config: asked for every log that could not be read.
  let reads = journalReadsByConfig.get(config)
  if (!reads) {
    reads = new Set(
      nginxLogDestinations(config)
        .filter((destination) => destination.source === 'nginxError' && destination.readable === 'journal')
        .map((destination) => `journalctl -t ${/(?:^syslog:|,)tag=([^,]+)/.exec(destination.target)?.[1] ?? 'nginx'}`),
    )
    journalReadsByConfig.set(config, reads)
  }
  return reads
}

const journalReadsByConfig = new WeakMap<NginxConfig, Set<string>>()

/** A stream target (`/dev/stderr`) belongs only to the family whose config names it. */
function isStream(target: string): boolean {
  return /^(?:stderr|stdout|\/dev\/|\/proc\/)/.test(target)
}

const logPathsByConfig = new WeakMap<NginxConfig, Record<'error' | 'access', Set<string>>>()

/** Worked out once per config: asked for every log that could not be read, by every log check. */
function nginxLogPaths(facts: HostFacts, kind: 'error' | 'access'): Set<string> {
  const config = facts.nginx.config
  if (!config) return new Set()
  let paths = logPathsByConfig.get(config)
  if (!paths) {
    paths = {error: new Set(), access: new Set()}
    for (const file of logFiles(config)) paths[file.kind].add(file.path)
    logPathsByConfig.set(config, paths)
  }
  return paths[kind]
}

/**
 * Why a log-based check cannot judge this host: 'absent' when the software is not
 * installed (nothing to judge), a skip reason when no log was read, null to go ahead.
 * No log read means "unknown", never "healthy".
 */
export function logUnavailable(facts: HostFacts, source: LogSource): 'absent' | string | null {
  const spec = LOG_SOURCES[source]
  if (!spec.applies(facts)) return 'absent'
  if (spec.tails(facts).length > 0) return null
  const unreadable = new Set(
    unreadableLogs(facts)
      .filter((destination) => destination.source === source)
      .map((destination) => destination.target),
  )
  const failed = facts.partial.filter(
    (fact) => fact.fact.startsWith('log:') && (unreadable.has(fact.fact.slice(4)) || (!isStream(fact.fact.slice(4)) && spec.owns(facts, fact.fact.slice(4)))),
  )
  const why = failed.map((fact) => `${fact.fact.slice(4)}: ${fact.reason}`).join('; ')
  return `no ${spec.label} could be read${why ? ` (${why})` : ''}`
}

/**
 * A log of the family that went where fleet cannot read it (stderr, a remote syslog) while
 * others were read: the check judges the ones read and says which part it could not judge.
 * Call after logUnavailable returned null.
 */
export function noteLogGaps(facts: HostFacts, source: LogSource, context: {skip(reason: string): void}): void {
  const gaps = unreadableLogs(facts).filter((destination) => destination.source === source)
  if (gaps.length === 0) return
  const where = gaps.map((destination) => `${destination.directive} (${destination.at})`).join('; ')
  context.skip(`part of the ${LOG_SOURCES[source].label} could not be read, lines written there were not judged: ${where}`)
}
