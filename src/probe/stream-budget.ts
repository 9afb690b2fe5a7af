/**
 * The whole probe output, sized from the per-frame caps: what a host may send in
 * all before the controller stops reading.
 */
import {DEFAULT_OUTPUT_CAP} from '../transport/bounded-output.js'
import {FRAME_CAPS, KIB, formatBytes, frameCap} from './frame-caps.js'
import {FrameStream, type Frame} from './frames.js'

/** The probe script's own stderr (validation messages, a stray warning); commands' stderr goes into frames. */
export const PROBE_STDERR_CAP = 1024 * KIB

const EMPTY = Buffer.alloc(0)

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
  /** LF then the BEGIN prefix: where a BEGIN line can start inside a chunk. */
  private readonly nlBegin: Buffer
  private readonly opened = new Map<string, number>()
  /** Start of the current line (at most begin + a frame name), when a chunk ended inside it. */
  private line: Buffer = EMPTY
  private atLineStart = true
  /** With `keep: 'frames'`: stdout parsed into frames as it arrives (the transport keeps none of it). */
  private readonly stream?: FrameStream
  /** With `keep: 'bytes'`: the stdout accepted, kept as it came for a judging thread to split. */
  private readonly chunks?: Buffer[]
  readonly consumesStdout: boolean

  constructor(
    nonce: string,
    private readonly maxLogBytes: number,
    options: {keep?: 'frames' | 'bytes'} = {},
  ) {
    this.begin = Buffer.from(`==FLEET ${nonce} BEGIN `)
    this.nlBegin = Buffer.from(`\n==FLEET ${nonce} BEGIN `)
    this.allowed = Math.min(onceAllowance(maxLogBytes), DEFAULT_OUTPUT_CAP)
    if (options.keep === 'frames') this.stream = new FrameStream(nonce, {maxLogBytes})
    if (options.keep === 'bytes') this.chunks = []
    this.consumesStdout = options.keep !== undefined
  }

  /** The frames of the stdout accepted (with `keep: 'frames'`), cut at the probe's caps as splitFrames does. */
  frames(): Frame[] {
    if (!this.stream) throw new Error("ProbeStreamBudget: frames() needs {keep: 'frames'}")
    return this.stream.end()
  }

  /**
   * The stdout accepted (with `keep: 'bytes'`), in one buffer that owns its memory, so it can
   * be moved to another thread without a copy.
   */
  bytes(): Uint8Array {
    if (!this.chunks) throw new Error("ProbeStreamBudget: bytes() needs {keep: 'bytes'}")
    const out = new Uint8Array(new ArrayBuffer(this.chunks.reduce((sum, chunk) => sum + chunk.length, 0)))
    let at = 0
    for (const chunk of this.chunks.splice(0)) {
      out.set(chunk, at)
      at += chunk.length
    }
    return out
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
    if (chunk.length === 0) return true
    this.received += chunk.length
    this.stream?.push(chunk)
    this.chunks?.push(chunk)
    let pos = 0
    if (this.atLineStart || this.line.length > 0) {
      // The chunk's first line: it may continue a line the last chunk started.
      const nl = chunk.indexOf(0x0a)
      const end = nl < 0 ? chunk.length : nl
      // Only the first bytes of a line can make it a BEGIN marker; keep no more.
      const room = this.begin.length + 64 - this.line.length
      const head = chunk.subarray(0, Math.min(end, Math.max(0, room)))
      if (nl < 0) {
        // The line goes on in the next chunk: keep its start.
        if (head.length > 0) this.line = Buffer.concat([this.line, head])
        this.atLineStart = false
        return this.overBudget()
      }
      this.lineDone(this.line.length > 0 ? Buffer.concat([this.line, head]) : head)
      this.line = EMPTY
      pos = nl + 1
    }
    // The other lines: only those that start with BEGIN matter, found by one native
    // search each (a busy host sends thousands of log lines, none of them markers).
    while (pos < chunk.length) {
      // From the LF before `pos` (a line starts there), or from 0 mid-line (no line starts at 0).
      const at = chunk.indexOf(this.nlBegin, pos === 0 ? 0 : pos - 1)
      if (at < 0) break
      const start = at + 1
      const nl = chunk.indexOf(0x0a, start)
      const head = chunk.subarray(start, Math.min(nl < 0 ? chunk.length : nl, start + this.begin.length + 64))
      if (nl < 0) {
        this.line = Buffer.from(head)
        this.atLineStart = false
        return this.overBudget()
      }
      this.lineDone(head)
      pos = nl + 1
    }
    // The last line, cut at the chunk's end, may be the start of a marker.
    const lastNl = chunk.lastIndexOf(0x0a)
    if (lastNl === chunk.length - 1) this.atLineStart = true
    else if (lastNl >= 0 && lastNl >= pos - 1) {
      const tail = chunk.subarray(lastNl + 1)
      const couldBegin = tail.length < this.begin.length && this.begin.subarray(0, tail.length).equals(tail)
      this.line = couldBegin ? Buffer.from(tail) : EMPTY
      this.atLineStart = false
    } else this.atLineStart = false
    return this.overBudget()
  }

  private overBudget(): boolean {
    if (this.received > this.allowed) this.exceeded = true
    return !this.exceeded
  }

  private lineDone(line: Buffer): void {
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
