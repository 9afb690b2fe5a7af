/**
 * Parsers of the evidence frames (issue 9 frame contract, items 5 to 8):
 * `unit-journal`, `disk-paths` + `df` + `df-inodes`, `php-ini`, `app-log`.
 * Every value is host data: shapes are checked, nothing is interpreted.
 * What could not be read becomes a `partial` fact with the reason.
 */
import type {HostFacts, PartialFact} from './facts.js'
import type {Frame, FrameSet} from './frames.js'
import {toLogTail} from './logs.js'
import {firstLine, toInt} from './text.js'

/** The last journal lines of a unit that is not running (why it stopped). */
export interface UnitJournal {
  unit: string
  /** `journalctl -u UNIT -n 30 -o short-iso` lines, oldest first. */
  lines: string[]
}

/** What the probe found living on a filesystem (contract item 6). */
export type DiskPathKind = 'nginx-log' | 'nginx-temp' | 'fpm-socket' | 'php-sessions'

export interface DiskUsage {
  /** Mount point (`df -P` last column). */
  mount: string
  filesystem: string
  /** The paths that live on it, with what they are. */
  paths: Array<{what: DiskPathKind; path: string}>
  /** `Capacity` of `df -P`, percent. */
  blocksPercent?: number
  /** `IUse%` of `df -Pi`, percent; absent when the filesystem has no inode count (`-`). */
  inodesPercent?: number
  /** The df lines it was read from, for evidence. */
  raw: string[]
}

/** The few php.ini lines the checks read (contract item 7). */
export interface PhpIni {
  /** The FPM binary it belongs to, e.g. `php-fpm8.2`. */
  name: string
  path: string
  /**
   * key => value (`memory_limit`, `max_execution_time`, `session.save_path`, `error_log`,
   * `log_errors`), as PHP ends up with them: php.ini, then its scan directory's files in name order.
   */
  values: Record<string, string>
  /** key => the scan directory file (conf.d) that set it last, for the keys not last set in php.ini. */
  from?: Record<string, string>
}

/** A bounded tail of an application's own log (Laravel: storage/logs/laravel*.log). */
export interface AppLog {
  /** The nginx `root` it was found next to. */
  root: string
  path: string
  lines: string[]
  truncated: boolean
}

export interface EvidenceFacts {
  /** One entry per unit the probe sent a journal for (only units not active). */
  unitJournal: UnitJournal[]
  /** null when the disk usage could not be read (see partial 'disks'). */
  disks: DiskUsage[] | null
  phpIni: PhpIni[]
  appLogs: AppLog[]
}

const UNIT = /^[A-Za-z0-9._@-]+$/
const DISK_KINDS: ReadonlySet<string> = new Set(['nginx-log', 'nginx-temp', 'fpm-socket', 'php-sessions'])
const INI_KEYS: ReadonlySet<string> = new Set(['memory_limit', 'max_execution_time', 'session.save_path', 'error_log', 'log_errors'])

/** An absolute path on one line: the only shape a path from a host is used in. */
export function isSafePath(value: string | undefined): value is string {
  return value !== undefined && value.startsWith('/') && !/[\n\r\0]/.test(value)
}

const EVIDENCE_FRAMES = ['unit-journal', 'disk-paths', 'df', 'df-inodes', 'php-ini', 'app-log']

/**
 * The probe sends its evidence section (evidence.sh) or, without it, an `evidence` frame
 * that failed with the reason: that is a partial fact and every evidence fact is unknown.
 * An output with neither predates the section (a recording of an older probe): the facts
 * are unknown too, and the checks say so when they skip.
 */
export function parseEvidence(frames: FrameSet, maxLogBytes: number, partial: PartialFact[]): EvidenceFacts {
  const section = frames.one('evidence')
  if (section && section.rc !== 0) partial.push({fact: 'evidence', reason: failure(section)})
  const sent = EVIDENCE_FRAMES.some((name) => frames.one(name) !== undefined)
  return {
    unitJournal: parseUnitJournals(frames.all('unit-journal'), partial),
    disks: sent ? parseDisks(frames.one('disk-paths'), frames.one('df'), frames.one('df-inodes'), partial) : null,
    phpIni: parsePhpInis(frames.all('php-ini'), partial),
    appLogs: parseAppLogs(frames.all('app-log'), maxLogBytes, partial),
  }
}

/** Why a frame failed, in one line. */
function failure(frame: Frame): string {
  return firstLine(frame.stderr) || (frame.rc === null ? 'output cut off' : `exit ${frame.rc}`)
}

export function parseUnitJournals(frames: Frame[], partial: PartialFact[]): UnitJournal[] {
  const out: UnitJournal[] = []
  for (const frame of frames) {
    const unit = frame.attrs.unit ?? ''
    if (!UNIT.test(unit)) {
      partial.push({fact: 'unit-journal', reason: 'a unit journal section named no valid unit'})
      continue
    }
    if (frame.rc !== 0) {
      partial.push({fact: `unit-journal:${unit}`, reason: failure(frame)})
      continue
    }
    const lines = frame.body
      .split('\n')
      .map((line) => line.replace(/\r$/, ''))
      .filter((line) => line.trim() !== '' && !/^-- .* --$/.test(line))
    out.push({unit, lines})
  }
  return out
}

// `df -P`: FS BLOCKS USED AVAIL CAPACITY% MOUNT; `df -Pi`: FS INODES IUSED IFREE IUSE% MOUNT (IUse% may be `-`).
const DF_LINE = /^(\S+)\s+(\d+|-)\s+(\d+|-)\s+(\d+|-)\s+(\d+%|-)\s+(\/.*)$/

interface DfRow {
  filesystem: string
  percent?: number
  mount: string
  raw: string
}

function dfRows(body: string): DfRow[] | null {
  const rows: DfRow[] = []
  for (const raw of body.split('\n').map((line) => line.replace(/\r$/, ''))) {
    if (raw.trim() === '' || /^Filesystem\s/.test(raw)) continue
    const match = DF_LINE.exec(raw)
    if (!match) return null
    rows.push({filesystem: match[1], percent: match[5] === '-' ? undefined : Number(match[5].slice(0, -1)), mount: match[6], raw})
  }
  return rows
}

// `unread WHAT WHY`: a directory the probe did not run df on (evidence.sh ev_unread).
const UNREAD_DISK = /^unread (\S+) (unsafe|cap)$/
const UNREAD_WHY = {
  unsafe: (what: string) => `a ${what} directory's path has characters the probe passes to no command: its filesystem was not checked`,
  cap: (what: string) => `more directories than the probe runs df on (24): a ${what} directory's filesystem was not checked`,
}

/**
 * disk-paths lines pair with df's output lines by position (one per argument, same
 * order). Anything that breaks the pairing makes the whole fact unknown: a wrong
 * pairing would put a path on the wrong filesystem.
 */
export function parseDisks(pathsFrame: Frame | undefined, df: Frame | undefined, dfInodes: Frame | undefined, partial: PartialFact[]): DiskUsage[] | null {
  const unknown = (reason: string): null => {
    partial.push({fact: 'disks', reason})
    return null
  }
  if (!pathsFrame) return unknown('disk usage section missing from probe output')
  if (pathsFrame.rc !== 0) return unknown(`disk paths: ${failure(pathsFrame)}`)
  const paths: Array<{what: DiskPathKind; path: string}> = []
  for (const line of pathsFrame.body.split('\n')) {
    if (line.trim() === '') continue
    const unread = UNREAD_DISK.exec(line)
    if (unread && DISK_KINDS.has(unread[1])) {
      partial.push({fact: `disks:${unread[1]}`, reason: UNREAD_WHY[unread[2] as keyof typeof UNREAD_WHY](unread[1])})
      continue
    }
    const space = line.indexOf(' ')
    const what = line.slice(0, space)
    const path = line.slice(space + 1)
    if (space < 0 || !DISK_KINDS.has(what) || !isSafePath(path)) return unknown(`disk paths: unexpected line '${line.slice(0, 80)}'`)
    paths.push({what: what as DiskPathKind, path})
  }
  if (paths.length === 0) return []
  if (!df) return unknown('df section missing from probe output')
  const blocks = dfRows(df.body)
  if (!blocks) return unknown(`df -P printed a line it never prints${df.rc !== 0 ? ` (${failure(df)})` : ''}`)
  if (blocks.length !== paths.length) return unknown(`df -P answered ${blocks.length} lines for ${paths.length} paths${df.rc !== 0 ? ` (${failure(df)})` : ''}`)
  let inodes = dfInodes ? dfRows(dfInodes.body) : null
  if (!inodes || inodes.length !== paths.length) {
    partial.push({fact: 'disks-inodes', reason: dfInodes ? `df -Pi: ${dfInodes.rc !== 0 ? failure(dfInodes) : 'output does not match the paths'}` : 'df -Pi section missing from probe output'})
    inodes = null
  }
  const byMount = new Map<string, DiskUsage>()
  blocks.forEach((row, index) => {
    let usage = byMount.get(row.mount)
    if (!usage) {
      usage = {mount: row.mount, filesystem: row.filesystem, paths: [], raw: [row.raw], blocksPercent: row.percent}
      const inode = inodes?.[index]
      if (inode && inode.mount === row.mount) {
        if (inode.percent !== undefined) usage.inodesPercent = inode.percent
        usage.raw.push(inode.raw)
      }
      byMount.set(row.mount, usage)
    }
    if (!usage.paths.some((p) => p.path === paths[index].path)) usage.paths.push(paths[index])
  })
  return [...byMount.values()]
}

export function parsePhpInis(frames: Frame[], partial: PartialFact[]): PhpIni[] {
  const out: PhpIni[] = []
  for (const frame of frames) {
    const name = frame.attrs.name ?? ''
    const path = frame.attrs.path
    const valid = UNIT.test(name) && isSafePath(path)
    if (frame.rc !== 0) {
      partial.push({fact: valid ? `php-ini:${name}` : 'php-ini', reason: valid ? `${path}: ${failure(frame)}` : failure(frame)})
      continue
    }
    if (!valid) {
      partial.push({fact: 'php-ini', reason: 'a php.ini section named no valid binary or path'})
      continue
    }
    const values: Record<string, string> = {}
    const from: Record<string, string> = {}
    // Lines after `@FILE` come from that file of the scan directory (conf.d), read after php.ini.
    let file = path
    for (const raw of frame.body.split('\n')) {
      const line = raw.replace(/\r$/, '')
      if (line.startsWith('@')) {
        const scanned = line.slice(1)
        file = isSafePath(scanned) ? scanned : ''
        if (file === '') partial.push({fact: `php-ini:${name}`, reason: 'a scan directory file was named oddly by the probe: its values are not used'})
        continue
      }
      if (line === '?') {
        partial.push({fact: `php-ini:${name}`, reason: `a file in the scan directory of ${path} has a name the probe passes to no command: not read`})
        continue
      }
      if (line === '+') {
        partial.push({fact: `php-ini:${name}`, reason: `the scan directory of ${path} holds more than 64 .ini files: those after the 64th were not read`})
        continue
      }
      const match = /^\s*([\w.]+)\s*=\s*(.*?)\s*$/.exec(line)
      if (!match || !INI_KEYS.has(match[1]) || file === '') continue
      values[match[1]] = unquote(match[2])
      if (file !== path) from[match[1]] = file
      else delete from[match[1]]
    }
    out.push({name, path, values, ...(Object.keys(from).length > 0 ? {from} : {})})
  }
  return out
}

function unquote(value: string): string {
  const quoted = /^(["'])(.*)\1$/.exec(value)
  if (quoted) return quoted[2]
  const semicolon = value.indexOf(';')
  return (semicolon >= 0 ? value.slice(0, semicolon) : value).trim()
}

export function parseAppLogs(frames: Frame[], maxLogBytes: number, partial: PartialFact[]): AppLog[] {
  const out: AppLog[] = []
  for (const frame of frames) {
    const {root, path} = frame.attrs
    if (frame.rc !== 0) {
      partial.push({fact: isSafePath(path) ? `app-log:${path}` : 'app-log', reason: failure(frame)})
      continue
    }
    if (!isSafePath(root) || !isSafePath(path)) {
      partial.push({fact: 'app-log', reason: 'an application log section named no valid path'})
      continue
    }
    const size = toInt(frame.attrs.size)
    const truncated = size !== undefined ? size > maxLogBytes : Buffer.byteLength(frame.body) >= maxLogBytes
    const tail = toLogTail(path, frame.body, truncated)
    out.push({root, path, lines: tail.lines, truncated})
  }
  return out
}

/**
 * Facts the parser left unknown without a word: a service state nobody answered for, and
 * /proc/meminfo not read. The checks that need them skip; these entries make the host
 * say host/partial instead of reading ok ("never silently healthy").
 */
export function unreadFacts(facts: HostFacts): PartialFact[] {
  const out: PartialFact[] = []
  const services = [...(facts.nginx.installed ? [facts.nginx.service] : []), ...facts.fpm.filter((install) => install.service.installed).map((install) => install.service)]
  for (const service of services) {
    if (service.active !== 'unknown') continue
    if (facts.partial.some((fact) => fact.fact === `service:${service.unit}`)) continue
    out.push({fact: `service:${service.unit}`, reason: 'its state could not be read (no systemctl show, init script or pid file answered)'})
  }
  if (facts.memory.memTotalKb === undefined) out.push({fact: 'memory', reason: 'MemTotal was not read from /proc/meminfo'})
  return out
}
