import type {HostFacts, PartialFact, ServiceState} from './facts.js'
import {FrameSet, overCapFacts, splitFrames, type Frame} from './frames.js'
import {fpmFound, fpmInstallFacts} from './fpm.js'
import {kernelFromFrames, logTails} from './logs.js'
import {destinationFact, logDestinations} from '../logs/destinations.js'
import {unreadableAccessLogs} from '../checks/log-access-formats.js'
import {logsNotRead} from '../nginx/log-files.js'
import {parseEvidence, unreadFacts} from './evidence.js'
import {fpmChildRss, parseMeminfo, parsePs} from './memory.js'
import {parseProcNetTcp, parseProcNetUnix, parseSsTcp, parseSsUnix} from './listeners.js'
import {nginxFacts} from './nginx.js'
import {parsePidfiles, parseSystemctlShow, serviceFromSystemd, serviceWithoutSystemd, unknownService, type PidfileInfo} from './services.js'
import {parseAcl, parseStat} from './stats.js'
import {parseSystem} from './system.js'
import {parseUsers} from './users.js'
import {firstLine, keyValues, toInt} from './text.js'

/** Default MAX_LOG_BYTES, used when the system frame does not say. */
export const DEFAULT_MAX_LOG_BYTES = 256 * 1024

/**
 * Probe stdout -> typed facts. Never throws on odd output: a missing or cut
 * section becomes a `partial` entry (`host/partial`), and the rest still parses.
 */
export function parseProbeOutput(stdout: string | Frame[], nonce: string, options: {maxLogBytes?: number} = {}): HostFacts {
  // With maxLogBytes, every frame is cut at the probe's own cap for it (a host sending more says so in partial).
  // Frames already split as the output streamed in (runner/run-host.ts) are taken as they are.
  const frames = new FrameSet(typeof stdout === 'string' ? splitFrames(stdout, nonce, options) : stdout)
  const partial: PartialFact[] = [...overCapFacts(frames.frames)]
  const probeError = frames.one('probe-error')
  if (probeError) partial.push({fact: 'probe', reason: firstLine(probeError.body)})
  else if (!frames.one('done')) partial.push({fact: 'probe', reason: 'probe output ended early (no closing section): later facts are missing'})

  const sys = parseSystem(frames.one('system'), partial)
  const maxLogBytes = toInt(keyValues(frames.one('system')?.body ?? '').max_log_bytes) ?? DEFAULT_MAX_LOG_BYTES
  const services = serviceLookup(frames)

  const nginx = nginxFacts(frames, sys.uid, partial)
  const found = fpmFound(frames)
  for (const f of found) {
    if (f.master === 'unverified') {
      partial.push({
        fact: `fpm-master:${f.name}`,
        reason: `the probe is not root and cannot verify that the process titled as the ${f.name} master is the real one; its config path was not used${f.main ? `, the default ${f.main} was read instead` : ''}`,
      })
    }
  }
  const fpm = found.map((found) => ({
    version: found.version,
    binary: found.name,
    service: services(found.unit, found.binary !== undefined),
    ...fpmInstallFacts(found, frames, partial),
  }))

  // Logs that go where fleet cannot read them (stderr, a remote syslog): host/partial names where.
  for (const destination of logDestinations(nginx.config, fpm)) {
    if (destination.readable !== 'journal') partial.push(destinationFact(destination))
  }

  const nginxError = logs(frames, (k) => k === 'nginx-error', maxLogBytes, partial)
  const nginxAccess = logs(frames, (k) => k === 'nginx-access', maxLogBytes, partial)
  if (nginx.config) {
    // Every file log in effect was read, or its failure is said: a log the probe missed is a gap too.
    const read = new Set([...nginxError, ...nginxAccess].flatMap((tail) => [tail.path, ...(tail.generations ?? [])]))
    const failed = new Set(partial.filter((fact) => fact.fact.startsWith('log:')).map((fact) => fact.fact.slice(4)))
    for (const {file, reason} of logsNotRead(nginx.config, (path) => read.has(path) || failed.has(path))) partial.push({fact: `log:${file.path}`, reason})
  }
  // An access log in a format fleet cannot read: its 400s are not counted, host/partial says why.
  for (const {path, reason} of unreadableAccessLogs(nginx.config, nginxAccess)) partial.push({fact: `log:${path}`, reason: `access-log format not readable: ${reason}`})

  const statFrame = frames.one('stat')
  const paths = statFrame ? parseStat(statFrame.body, statFrame.stderr, partial) : []
  const acls = parseAcl(frames.one('acl')?.body ?? '')
  for (const p of paths) if (acls.has(p.path)) p.acl = acls.get(p.path)

  const ps = frames.one('ps')
  if (!ps) partial.push({fact: 'processes', reason: 'ps not available'})
  const rows = parsePs(ps?.body ?? '')

  const facts: HostFacts = {
    system: sys.system,
    windowSeconds: sys.windowSeconds,
    nginx: {...nginx, service: services('nginx', nginx.installed)},
    fpm,
    paths,
    listeners: listeners(frames, partial),
    logs: {
      nginxError,
      nginxAccess,
      fpm: logs(frames, (k) => k.startsWith('fpm:'), maxLogBytes, partial),
      fpmSlowlog: logs(frames, (k) => k.startsWith('fpm-slowlog:'), maxLogBytes, partial),
      phpError: logs(frames, (k) => k.startsWith('php-error:'), maxLogBytes, partial),
      kernel: kernelFromFrames(frames.one('kernel'), frames.one('kernel-attempts'), maxLogBytes, partial),
    },
    memory: {...parseMeminfo(frames.one('meminfo')?.body ?? ''), fpmChildRssKb: fpmChildRss(rows)},
    users: parseUsers(frames.one('users')?.body ?? ''),
    evidence: parseEvidence(frames, maxLogBytes, partial),
    partial,
  }
  partial.push(...unreadFacts(facts))
  return facts
}

/** Service state per unit: systemd when it answered, else init script + pid files. */
function serviceLookup(frames: FrameSet): (unit: string, installed: boolean) => ServiceState {
  const show = frames.one('services', {manager: 'systemd'})
  const units = show && show.rc === 0 ? parseSystemctlShow(show.body) : new Map<string, Record<string, string>>()
  const pidfiles = parsePidfiles(frames.one('pidfiles')?.body ?? '')
  return (unit, installed) => {
    const props = units.get(unit)
    if (props) return serviceFromSystemd(unit, props, installed)
    const mine: PidfileInfo[] = pidfiles.filter((p) => p.unit === unit)
    const status = frames.one('service-status', {unit})
    if (!status && mine.length === 0) return unknownService(unit, installed)
    return serviceWithoutSystemd(unit, status, mine, installed)
  }
}

function listeners(frames: FrameSet, partial: PartialFact[]): HostFacts['listeners'] {
  const ssUnix = frames.one('ss-unix')
  const ssTcp = frames.one('ss-tcp')
  if (ssUnix || ssTcp) return [...parseSsUnix(ssUnix?.body ?? ''), ...parseSsTcp(ssTcp?.body ?? '')]
  const unix = frames.one('proc-net-unix')
  const tcp = frames.one('proc-net-tcp')
  if (!unix && !tcp) partial.push({fact: 'listeners', reason: 'neither ss nor /proc/net answered'})
  return [...parseProcNetUnix(unix?.body ?? ''), ...parseProcNetTcp(tcp?.body ?? '')]
}

/** The tails of one log family: files (rotated generations merged in) and journal reads. */
function logs(frames: FrameSet, kind: (k: string) => boolean, maxBytes: number, partial: PartialFact[]): HostFacts['logs']['nginxError'] {
  return logTails([...frames.all('log'), ...frames.all('journal-log')], kind, maxBytes, partial)
}
