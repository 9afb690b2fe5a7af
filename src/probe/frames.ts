import {DEFAULT_OUTPUT_CAP} from '../transport/bounded-output.js'

/**
 * Splits probe output into frames. A frame is only recognised on a line of its
 * own carrying this run's nonce, so a log line (which cannot know the nonce)
 * never opens or closes one. Missing END (truncated channel) keeps the body
 * read so far and marks the frame incomplete instead of throwing.
 */
export interface Frame {
  name: string
  attrs: Record<string, string>
  body: string
  /** Exit status from the END line; null when the frame never ended. */
  rc: number | null
  complete: boolean
  /** Body of the `NAME.stderr` frame that followed, '' when none. */
  stderr: string
  /**
   * Set when the host sent more for this frame (or its stderr) than the probe ever
   * does: the body was cut at the probe's own cap. Evidence of a host that is not
   * running our probe faithfully; it surfaces as `host/partial`.
   */
  overCap?: {stream: 'stdout' | 'stderr'; cap: number; received: number}
}

// ---- the probe's own caps (src/probe/probe.sh); keep in step with it
const KIB = 1024
/** ERRCAP: one stderr frame. */
export const ERR_CAP = 64 * KIB
/** CMDCAP: one ordinary command's output. */
export const CMD_CAP = 256 * KIB
/** DUMPCAP: `nginx -T`, the config files read instead of it, FPM's `-tt` dump and its conf files. */
export const DUMP_CAP = 4 * KIB * KIB
/** The `log` and `kernel` frames are cut at MAX_LOG_BYTES (`--max-log-bytes`). */
const LOG = 'log' as const

/** Body cap per frame name, as probe.sh bounds each one; `.stderr` frames take `stderr` (ERRCAP unless said). */
const FRAME_CAPS: Record<string, {body: number | typeof LOG; stderr?: number}> = {
  'probe-error': {body: 4 * KIB},
  system: {body: 4 * KIB},
  'nginx-V': {body: 64 * KIB},
  'nginx-T': {body: DUMP_CAP},
  'nginx-files': {body: DUMP_CAP},
  'fpm-units': {body: CMD_CAP},
  'fpm-unit-files': {body: CMD_CAP},
  fpm: {body: 0},
  'fpm-tt': {body: CMD_CAP, stderr: DUMP_CAP},
  'fpm-files': {body: DUMP_CAP},
  services: {body: CMD_CAP},
  'service-status': {body: 16 * KIB},
  pidfiles: {body: 16 * KIB},
  ps: {body: CMD_CAP},
  stat: {body: CMD_CAP},
  acl: {body: CMD_CAP},
  'ss-unix': {body: CMD_CAP},
  'ss-tcp': {body: CMD_CAP},
  'proc-net-unix': {body: CMD_CAP},
  'proc-net-tcp': {body: CMD_CAP},
  users: {body: 64 * KIB},
  log: {body: LOG},
  kernel: {body: LOG},
  'kernel-attempts': {body: 8 * KIB},
  meminfo: {body: 4 * KIB},
  done: {body: 0},
}

/** A frame name this table does not know (a newer probe's): an ordinary command's cap. */
const UNKNOWN_FRAME = {body: CMD_CAP}

/**
 * The most the probe sends in one frame named `name` (`X.stderr` for a stderr frame).
 * Bytes of the host; the body is compared in UTF-16 units, never more than its bytes.
 */
export function frameCap(name: string, maxLogBytes: number): number {
  const stderr = name.endsWith('.stderr')
  const spec = FRAME_CAPS[stderr ? name.slice(0, -'.stderr'.length) : name] ?? UNKNOWN_FRAME
  if (stderr) return spec.stderr ?? ERR_CAP
  return spec.body === LOG ? maxLogBytes : spec.body
}

const ATTR_KEY = /(?:^|\s)([A-Za-z_][\w-]*)=/g

/** `key=value` pairs; a value runs to the next ` key=` so paths with spaces survive. */
export function parseAttrs(text: string): Record<string, string> {
  const attrs: Record<string, string> = {}
  const keys = [...text.matchAll(ATTR_KEY)]
  keys.forEach((m, i) => {
    const start = (m.index ?? 0) + m[0].length
    const stop = i + 1 < keys.length ? keys[i + 1].index ?? text.length : text.length
    attrs[m[1]] = text.slice(start, stop).trim()
  })
  return attrs
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

export interface SplitOptions {
  /** Cut every frame at the probe's own cap for it (frameCap) and mark it `overCap`. */
  maxLogBytes?: number
}

/**
 * `body` cut at `cap` UTF-16 units. Every byte of the host decodes to at most one
 * unit, so a body within the probe's cap in bytes is never cut (a log with invalid
 * UTF-8, decoded to U+FFFD, grows in UTF-8 bytes but not in units).
 */
function capBody(body: string, cap: number): {body: string; over: boolean} {
  return body.length > cap ? {body: body.slice(0, cap), over: true} : {body, over: false}
}

export function splitFrames(stdout: string, nonce: string, options: SplitOptions = {}): Frame[] {
  const {maxLogBytes} = options
  const n = escapeRegExp(nonce)
  const marker = new RegExp(`^==FLEET ${n} (BEGIN|END) (\\S+)(.*)==$`, 'gm')
  const frames: Frame[] = []
  let open: {name: string; attrs: Record<string, string>; bodyStart: number} | null = null

  const close = (bodyEnd: number, rc: number | null): void => {
    if (!open) return
    let body = stdout.slice(open.bodyStart, Math.max(open.bodyStart, bodyEnd))
    // The probe prints one newline before END so END starts a line: drop it.
    if (rc !== null && body.endsWith('\n')) body = body.slice(0, -1)
    let overCap: Frame['overCap']
    if (maxLogBytes !== undefined) {
      const cap = frameCap(open.name, maxLogBytes)
      const cut = capBody(body, cap)
      if (cut.over) overCap = {stream: open.name.endsWith('.stderr') ? 'stderr' : 'stdout', cap, received: body.length}
      body = cut.body
    }
    const frame: Frame = {name: open.name, attrs: open.attrs, body, rc, complete: rc !== null, stderr: ''}
    if (overCap) frame.overCap = overCap
    const prev = frames.at(-1)
    if (open.name.endsWith('.stderr') && prev && `${prev.name}.stderr` === open.name) {
      prev.stderr = body
      if (overCap && !prev.overCap) prev.overCap = overCap
    } else frames.push(frame)
    open = null
  }

  for (const m of stdout.matchAll(marker)) {
    const at = m.index ?? 0
    const lineEnd = at + m[0].length
    if (m[1] === 'BEGIN') {
      close(at, null)
      open = {name: m[2], attrs: parseAttrs(m[3]), bodyStart: Math.min(lineEnd + 1, stdout.length)}
    } else if (open && open.name === m[2]) {
      const rc = /^ rc=(-?\d+)$/.exec(m[3])
      close(at, rc ? Number(rc[1]) : -1)
    }
  }
  close(stdout.length, null)
  return frames
}

/** Lookup helpers over one run's frames. */
export class FrameSet {
  constructor(readonly frames: Frame[]) {}

  one(name: string, attrs: Record<string, string> = {}): Frame | undefined {
    return this.all(name, attrs)[0]
  }

  all(name: string, attrs: Record<string, string> = {}): Frame[] {
    return this.frames.filter((f) => f.name === name && Object.entries(attrs).every(([k, v]) => f.attrs[k] === v))
  }
}

/** `4 MiB`, `256 KiB`, `512 B`: sizes in messages. */
export function formatBytes(n: number): string {
  if (n >= KIB * KIB) return `${Math.round((n / (KIB * KIB)) * 10) / 10} MiB`
  if (n >= KIB) return `${Math.round((n / KIB) * 10) / 10} KiB`
  return `${n} B`
}

/** One `host/partial` reason per frame the host sent more of than the probe can. */
export function overCapFacts(frames: readonly Frame[]): Array<{fact: string; reason: string}> {
  return frames.flatMap((f) => {
    if (!f.overCap) return []
    const name = f.overCap.stream === 'stderr' && !f.name.endsWith('.stderr') ? `${f.name}.stderr` : f.name
    return [
      {
        fact: `probe-output:${name}`,
        reason: `the host sent ${formatBytes(f.overCap.received)} in the ${name} section, more than the probe ever sends (${formatBytes(f.overCap.cap)}): cut there; the host is not answering as fleet's probe does`,
      },
    ]
  })
}

// ---- the whole stream

/** The probe script's own stderr (validation messages, a stray warning); commands' stderr goes into frames. */
export const PROBE_STDERR_CAP = 1024 * KIB

/** Allowance per BEGIN/END marker pair (its attributes carry paths). */
const MARKER_ALLOWANCE = 8 * KIB
/** Frames the probe sends once: the sum of their caps. */
function onceAllowance(maxLogBytes: number): number {
  const once = Object.keys(FRAME_CAPS).filter((name) => !(name in REPEATED))
  return once.reduce((sum, name) => sum + frameCap(name, maxLogBytes) + frameCap(`${name}.stderr`, maxLogBytes) + 2 * MARKER_ALLOWANCE, 0)
}

/**
 * Frames the probe sends once per thing it found: each BEGIN of the `opens` frame grants
 * the caps of the frames in `grants`, up to `most` times (a generous bound of what a real
 * host has: PHP versions installed side by side, log files nginx and FPM name).
 */
const REPEATED: Record<string, {opens: string; grants: string[]; most: number}> = {
  fpm: {opens: 'fpm', grants: ['fpm', 'fpm-tt', 'fpm-files', 'service-status'], most: 16},
  'fpm-tt': {opens: 'fpm', grants: [], most: 0},
  'fpm-files': {opens: 'fpm', grants: [], most: 0},
  'service-status': {opens: 'service-status', grants: ['service-status'], most: 1},
  log: {opens: 'log', grants: ['log'], most: 512},
}

function grantOf(name: string, maxLogBytes: number): number {
  const spec = REPEATED[name]
  if (!spec || spec.opens !== name) return 0
  return spec.grants.reduce((sum, g) => sum + frameCap(g, maxLogBytes) + frameCap(`${g}.stderr`, maxLogBytes) + 2 * MARKER_ALLOWANCE, 0)
}

/**
 * Watches the probe's stdout as it arrives and says when the host has sent more than
 * the probe could legitimately produce: the frames it sends once, plus the frames it
 * sends per FPM install and per log file, counted as their BEGIN markers go by. The
 * transport then stops reading and closes the channel, so a host streaming without
 * end costs a bounded amount of memory, not all of it. Nothing is kept but a few bytes
 * of the current line.
 */
export class ProbeStreamBudget {
  received = 0
  stderrReceived = 0
  allowed: number
  exceeded = false
  private readonly begin: Buffer
  private readonly opened = new Map<string, number>()
  /** Start of the current line (at most begin + a frame name), when a chunk ended inside it. */
  private line: Buffer = Buffer.alloc(0)
  private atLineStart = true

  constructor(
    nonce: string,
    private readonly maxLogBytes: number,
  ) {
    this.begin = Buffer.from(`==FLEET ${nonce} BEGIN `)
    this.allowed = Math.min(onceAllowance(maxLogBytes), DEFAULT_OUTPUT_CAP)
  }

  /** False once the output is over budget: stop reading. */
  accept(chunk: Buffer, stream: 'stdout' | 'stderr' = 'stdout'): boolean {
    if (this.exceeded) return false
    if (stream === 'stderr') {
      // The probe's own stderr is a line or two: every command's goes into a frame.
      this.stderrReceived += chunk.length
      if (this.stderrReceived > PROBE_STDERR_CAP) this.exceeded = true
      return !this.exceeded
    }
    this.received += chunk.length
    let pos = 0
    while (pos < chunk.length) {
      if (this.atLineStart || this.line.length > 0) {
        const nl = chunk.indexOf(0x0a, pos)
        const end = nl < 0 ? chunk.length : nl
        // Only the first bytes of a line can make it a BEGIN marker; keep no more.
        const room = this.begin.length + 64 - this.line.length
        if (room > 0) this.line = Buffer.concat([this.line, chunk.subarray(pos, Math.min(end, pos + room))])
        if (nl < 0) {
          this.atLineStart = false
          break
        }
        this.lineDone()
        pos = nl + 1
        this.atLineStart = true
        continue
      }
      const nl = chunk.indexOf(0x0a, pos)
      if (nl < 0) break
      pos = nl + 1
      this.atLineStart = true
    }
    if (this.received > this.allowed) this.exceeded = true
    return !this.exceeded
  }

  private lineDone(): void {
    const line = this.line
    this.line = Buffer.alloc(0)
    if (line.length <= this.begin.length || !line.subarray(0, this.begin.length).equals(this.begin)) return
    const name = /^[^\s=]+/.exec(line.subarray(this.begin.length).toString('latin1'))?.[0]
    if (!name) return
    const spec = REPEATED[name]
    if (!spec || spec.opens !== name) return
    const count = (this.opened.get(name) ?? 0) + 1
    this.opened.set(name, count)
    // Never past what the transport keeps of one stream anyway.
    if (count <= spec.most) this.allowed = Math.min(this.allowed + grantOf(name, this.maxLogBytes), DEFAULT_OUTPUT_CAP)
  }

  /** Why reading stopped, for the host's report. */
  message(): string {
    if (this.stderrReceived > PROBE_STDERR_CAP) return `the host sent more than ${formatBytes(PROBE_STDERR_CAP)} on the probe's stderr, which carries a line or two: stopped reading`
    return `the host sent more than ${formatBytes(this.allowed)} of probe output, more than the probe can produce for what it reported: stopped reading`
  }
}
