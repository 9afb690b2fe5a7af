/** What every log parser needs to turn a host's timestamp into epoch seconds. */
export interface LogContext {
  /** Host clock at probe time, epoch seconds (also fixes the year of syslog stamps). */
  now: number
  /** Host UTC offset `+HHMM`, for timestamps written in the host's local time without a zone (when no `timeZone`). */
  utcOffset: string
  /** Host IANA zone (`Europe/Berlin`): zone-less stamps get the offset in force at each stamp. */
  timeZone?: string
  /** Time of the previous entry of the same log (set by parseLog), to place a stamp in a repeated DST hour. */
  previousTime?: number | null
}

export interface LogEntryBase {
  /** Epoch seconds; null when the line carries no timestamp this parser can read. */
  time: number | null
  raw: string
  /** Following lines that did not parse on their own (stack traces, wrapped messages). */
  continuation: string[]
}

export interface NginxErrorEntry extends LogEntryBase {
  level: string
  pid: number
  tid: number
  /** Connection number (`*CID`), absent for messages outside a connection. */
  cid?: number
  /** Message text without the `(ERRNO: TEXT)`, `while ACTION` and context parts. */
  message: string
  errno?: number
  errnoText?: string
  action?: string
  client?: string
  server?: string
  request?: string
  subrequest?: string
  upstream?: string
  host?: string
  referrer?: string
}

export interface NginxAccessEntry extends LogEntryBase {
  /** The line is in the `combined` (or `common`) format; else only `time` was read. */
  combined: boolean
  remoteAddr?: string
  remoteUser?: string
  request?: string
  status?: number
  bodyBytesSent?: number
  referer?: string
  userAgent?: string
}

export interface FpmLogEntry extends LogEntryBase {
  /** NOTICE, WARNING, ERROR, ALERT, DEBUG. */
  level: string
  /** From the `[pool NAME] ` prefix. */
  pool?: string
  /** Message without the pool prefix. */
  message: string
}

export interface FpmSlowlogEntry extends LogEntryBase {
  pool: string
  pid: number
  /** From the `script_filename = ` line; the trace is in `continuation`. */
  script?: string
}

export interface KernelEntry extends LogEntryBase {
  /** Which kernel log source the line came from. */
  source: 'journal' | 'dmesg' | 'syslog' | 'rfc3339'
  hostname?: string
  message: string
}

export interface PhpErrorEntry extends LogEntryBase {
  /** `Fatal error`, `Parse error`, `Warning`, ... from `PHP LEVEL:  `; absent for other lines. */
  level?: string
  /** Message without the `PHP LEVEL:` prefix. */
  message: string
}
