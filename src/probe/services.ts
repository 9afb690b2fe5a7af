import type {ActiveState, ServiceState} from './facts.js'
import type {Frame} from './frames.js'
import {lines, toInt} from './text.js'

const ACTIVE_STATES: ReadonlySet<string> = new Set(['active', 'reloading', 'inactive', 'failed', 'activating', 'deactivating'])

/**
 * LSB `service UNIT status` exit codes (LSB core, "Init Script Actions"):
 * 0 running, 1 dead but pid file exists, 2 dead but lock file exists,
 * 3 not running, 4 unknown (then pid files decide).
 */
const LSB_STATUS: Record<number, ActiveState> = {0: 'active', 1: 'failed', 2: 'failed', 3: 'inactive'}

/** `systemctl show -p Id,...` blocks (blank-line separated), keyed by unit without `.service`. */
export function parseSystemctlShow(body: string): Map<string, Record<string, string>> {
  const units = new Map<string, Record<string, string>>()
  for (const block of body.split(/\n\s*\n/)) {
    const props: Record<string, string> = {}
    for (const line of lines(block)) {
      const eq = line.indexOf('=')
      if (eq > 0) props[line.slice(0, eq)] = line.slice(eq + 1)
    }
    if (props.Id) units.set(props.Id.replace(/\.service$/, ''), props)
  }
  return units
}

export interface PidfileInfo {
  unit: string
  path: string
  pid?: number
  state: 'alive' | 'dead' | 'missing' | 'empty' | 'unreadable'
  comm?: string
  raw: string
}

/** `pidfiles` frame lines: `UNIT PATH (missing|empty|unreadable|PID alive COMM|PID dead)`. */
export function parsePidfiles(body: string): PidfileInfo[] {
  return lines(body).flatMap((raw): PidfileInfo[] => {
    const [unit, path, a, b, comm] = raw.trim().split(/\s+/)
    if (!unit || !path || !a) return []
    if (a === 'missing' || a === 'empty' || a === 'unreadable') return [{unit, path, state: a, raw}]
    const state = b === 'alive' ? 'alive' : 'dead'
    return [{unit, path, pid: toInt(a), state, comm, raw}]
  })
}

export function serviceFromSystemd(unit: string, props: Record<string, string>, binaryPresent: boolean): ServiceState {
  const raw = Object.entries(props).map(([k, v]) => `${k}=${v}`)
  const active = ACTIVE_STATES.has(props.ActiveState ?? '') ? (props.ActiveState as ActiveState) : 'unknown'
  const mainPid = toInt(props.MainPID)
  return {
    unit,
    manager: 'systemd',
    installed: binaryPresent || props.LoadState === 'loaded',
    active,
    subState: props.SubState || undefined,
    mainPid: mainPid ? mainPid : undefined,
    restarts: toInt(props.NRestarts),
    result: props.Result || undefined,
    raw,
  }
}

/** No systemd: the init script's status code first, pid files when it has no answer. */
export function serviceWithoutSystemd(
  unit: string,
  status: Frame | undefined,
  pidfiles: PidfileInfo[],
  binaryPresent: boolean,
): ServiceState {
  const raw: string[] = []
  let active: ActiveState = 'unknown'
  let manager: ServiceState['manager'] = 'none'
  if (status && status.rc !== null && LSB_STATUS[status.rc]) {
    active = LSB_STATUS[status.rc]
    manager = 'sysv'
    raw.push(`service ${unit} status: rc=${status.rc}`, ...lines(status.body), ...lines(status.stderr))
  } else if (status) {
    raw.push(`service ${unit} status: rc=${status.rc ?? 'none'}`, ...lines(status.stderr))
  }
  const alive = pidfiles.find((p) => p.state === 'alive')
  if (active === 'unknown' && pidfiles.length > 0) active = alive ? 'active' : 'inactive'
  raw.push(...pidfiles.map((p) => `pidfile ${p.raw}`))
  return {unit, manager, installed: binaryPresent, active, mainPid: alive?.pid, raw}
}

/** A unit the probe found nothing about. */
export function unknownService(unit: string, installed: boolean): ServiceState {
  return {unit, manager: 'none', installed, active: installed ? 'unknown' : 'inactive', raw: []}
}
