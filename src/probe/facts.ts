/**
 * Typed facts about one host, as collected by the probe in one round trip.
 * Raw outputs are kept next to what was parsed from them so checks can quote evidence.
 * Anything that could not be collected is `null`/absent AND listed in `partial`.
 */
import type {NginxConfig} from '../nginx/types.js'
import type {FpmInstallConfig} from '../fpm/types.js'
import type {EvidenceFacts} from './evidence.js'

export type ActiveState = 'active' | 'reloading' | 'inactive' | 'failed' | 'activating' | 'deactivating' | 'unknown'

export interface ServiceState {
  unit: string
  /** How the state was learned. 'none': no service manager answered (state is then from pid files/ps). */
  manager: 'systemd' | 'sysv' | 'none'
  /** Package/binary present on the host. */
  installed: boolean
  active: ActiveState
  subState?: string
  mainPid?: number
  restarts?: number
  /** systemd `Result` (e.g. 'success', 'exit-code', 'oom-kill'). */
  result?: string
  /** Unit enabled at boot (systemd UnitFileState=enabled); undefined when unknown. */
  enabled?: boolean
  /** Raw lines the state was read from, for evidence. */
  raw: string[]
}

/** One command run by the probe. */
export interface CommandRun {
  exitCode: number
  stdout: string
  stderr: string
}

/** `stat` of a path named by nginx or an FPM pool. */
export interface PathStat {
  path: string
  exists: boolean
  /** `stat -c %F`: 'socket', 'regular file', 'directory', ... */
  type?: string
  owner?: string
  group?: string
  /** Octal permission bits, e.g. '660'. */
  mode?: string
  /** `getfacl` entries when available, e.g. ['user:www-data:rw-']. */
  acl?: string[]
}

export interface Listener {
  kind: 'unix' | 'tcp'
  /** Socket path, or `ADDR:PORT`. */
  address: string
  process?: string
}

/** A bounded tail of one log file, already cut to the probe window where the format allowed. */
export interface LogTail {
  path: string
  /** Lines, oldest first. */
  lines: string[]
  /** The read hit the byte bound: older lines inside the window may be missing. */
  truncated: boolean
  /** The probe's kind for the log (`nginx-error`, `fpm:php-fpm8.2`, `fpm-slowlog:www`, ...). */
  kind?: string
  /** `journal`: the lines are `journalctl -t TAG -o short-iso` output (path names the command). */
  source?: 'file' | 'journal'
  /** Rotated generations merged before the current file's lines, oldest first (`NAME.2.gz`, `NAME.1`). */
  generations?: string[]
}

export interface PartialFact {
  /** Which fact, e.g. 'kernel-log', 'nginx-config', 'fpm-config'. */
  fact: string
  reason: string
}

export interface FpmInstall {
  /** '8.2' */
  version: string
  /** 'php-fpm8.2' */
  binary: string
  service: ServiceState
  /** `php-fpmX.Y -t`. */
  test: CommandRun | null
  /** Parsed effective configuration (from `-tt`, else from the conf files). */
  config: FpmInstallConfig | null
}

export interface HostFacts {
  system: {
    hostname: string
    /** Host clock at probe time, seconds since epoch. */
    now: number
    /** Host UTC offset as `+HHMM`, for log timestamps that carry none. */
    utcOffset: string
    /** Host IANA zone (`tz=` of the system frame), when known: log stamps get the offset in force at each stamp. */
    timeZone?: string
    init: 'systemd' | 'other'
    kernel: string
  }
  /** Log window the probe applied, seconds. */
  windowSeconds: number
  nginx: {
    installed: boolean
    binary?: string
    /** `nginx -V` configure `--user=` default, used when no `user` directive. */
    defaultUser?: string
    version?: string
    service: ServiceState
    /** `nginx -t` */
    test: CommandRun | null
    /** Parsed `nginx -T` (null if the dump failed; see partial). */
    config: NginxConfig | null
  }
  fpm: FpmInstall[]
  /** Every unix socket path named by nginx or by an FPM pool `listen`, stat'ed. */
  paths: PathStat[]
  listeners: Listener[]
  logs: {
    nginxError: LogTail[]
    nginxAccess: LogTail[]
    fpm: LogTail[]
    /** Each pool's slowlog (probe kind `fpm-slowlog:POOL`). */
    fpmSlowlog: LogTail[]
    /** PHP's own error logs: a pool's `php_admin_value[error_log]`/`php_value[error_log]` (kind `php-error:POOL`). */
    phpError: LogTail[]
    /** null when the kernel log could not be read (that is `host/partial`, never an alarm). */
    kernel: LogTail | null
  }
  memory: {
    memTotalKb?: number
    memAvailableKb?: number
    /** RSS in KiB of each FPM process (not master), keyed by process name. */
    fpmChildRssKb: Record<string, number[]>
  }
  /** Identity of the user the nginx worker runs as, for socket permission checks. */
  users: Record<string, {uid: number; gid: number; groups: string[]}>
  /** Issue 9 evidence (frames 5-8): why a unit stopped, disk usage, php.ini, application logs. */
  evidence: EvidenceFacts
  partial: PartialFact[]
}
