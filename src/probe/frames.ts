import {defineLazy} from '../lazy-property.js'
import {formatBytes, frameCap} from './frame-caps.js'

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

/**
 * Frames whose body FrameStream keeps as bytes and decodes only when read: the kernel log
 * is most of a busy host's output (2,000 lines, 150 KB), and `fleet check` reads a few of
 * its lines (see linesMatching in src/logs/tail-lines.ts).
 */
const TEXT_ON_DEMAND = new Set(['kernel'])

const undecoded = new WeakMap<Frame, Buffer>()

/** A frame's body as the host sent it, for a frame FrameStream kept undecoded and not yet read as text (else undefined). */
export function frameBytes(frame: Frame): Buffer | undefined {
  return undecoded.get(frame)
}

/** Turns one frame's body into a Frame: the probe's cap, and `NAME.stderr` folded into the frame before it. */
class FrameList {
  readonly frames: Frame[] = []

  constructor(private readonly maxLogBytes: number | undefined) {}

  /**
   * `add` for a body still in bytes, decoded when `body` is first read. Within its cap in
   * bytes a body is within it in UTF-16 units too (capBody), so nothing is cut; over it,
   * it is decoded now and cut as `add` does.
   */
  addBytes(name: string, attrs: Record<string, string>, raw: Buffer, rc: number | null): void {
    let bytes = raw
    if (rc !== null && bytes.length > 0 && bytes[bytes.length - 1] === 0x0a) bytes = bytes.subarray(0, -1)
    if (name.endsWith('.stderr') || (this.maxLogBytes !== undefined && bytes.length > frameCap(name, this.maxLogBytes))) {
      this.add(name, attrs, raw.toString('utf8'), rc)
      return
    }
    const frame = {name, attrs, rc, complete: rc !== null, stderr: ''} as Frame
    defineLazy(frame, 'body', () => bytes.toString('utf8'), () => undecoded.delete(frame))
    undecoded.set(frame, bytes)
    this.frames.push(frame)
  }

  add(name: string, attrs: Record<string, string>, raw: string, rc: number | null): void {
    let body = raw
    // The probe prints one newline before END so END starts a line: drop it.
    if (rc !== null && body.endsWith('\n')) body = body.slice(0, -1)
    let overCap: Frame['overCap']
    if (this.maxLogBytes !== undefined) {
      const cap = frameCap(name, this.maxLogBytes)
      const cut = capBody(body, cap)
      if (cut.over) overCap = {stream: name.endsWith('.stderr') ? 'stderr' : 'stdout', cap, received: body.length}
      body = cut.body
    }
    const frame: Frame = {name, attrs, body, rc, complete: rc !== null, stderr: ''}
    if (overCap) frame.overCap = overCap
    const prev = this.frames.at(-1)
    if (name.endsWith('.stderr') && prev && `${prev.name}.stderr` === name) {
      prev.stderr = body
      if (overCap && !prev.overCap) prev.overCap = overCap
    } else this.frames.push(frame)
  }
}

const markerLine = (nonce: string, flags: string): RegExp => new RegExp(`^==FLEET ${escapeRegExp(nonce)} (BEGIN|END) (\\S+)(.*)==$`, flags)

export function splitFrames(stdout: string, nonce: string, options: SplitOptions = {}): Frame[] {
  const marker = markerLine(nonce, 'gm')
  const list = new FrameList(options.maxLogBytes)
  let open: {name: string; attrs: Record<string, string>; bodyStart: number} | null = null

  const close = (bodyEnd: number, rc: number | null): void => {
    if (!open) return
    list.add(open.name, open.attrs, stdout.slice(open.bodyStart, Math.max(open.bodyStart, bodyEnd)), rc)
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
  return list.frames
}

/** A marker line longer than this is not read as one (the probe's are a name and a few paths). */
const MAX_MARKER_LINE = 64 * 1024

/**
 * splitFrames over the output as it arrives, chunk by chunk: the same frames, without
 * the whole output ever held as one Buffer or string. Each frame's bytes are kept until
 * its END and decoded then; bytes outside any frame are dropped at once. Lines are split
 * on LF only (the probe's markers end with LF; a host cannot forge a marker without the
 * nonce, so CR or U+2028 line ends, which the whole-string regex also accepts, never
 * carry one).
 */
export class FrameStream {
  private readonly list: FrameList
  private readonly prefix: Buffer
  /** LF then the marker prefix: where the next marker line can start, found by one native search. */
  private readonly nlPrefix: Buffer
  private readonly marker: RegExp
  private open: {name: string; attrs: Record<string, string>; parts: Buffer[]} | null = null
  /** The start of a line that may be a marker, kept until its LF arrives. */
  private carry: Buffer | null = null
  /** The next byte starts a line. */
  private atLineStart = true

  constructor(nonce: string, options: SplitOptions = {}) {
    this.list = new FrameList(options.maxLogBytes)
    this.prefix = Buffer.from(`==FLEET ${nonce} `)
    this.nlPrefix = Buffer.from(`\n==FLEET ${nonce} `)
    this.marker = markerLine(nonce, '')
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return
    let data = chunk
    if (this.carry) {
      // Rare: a marker line cut between two chunks.
      data = Buffer.concat([this.carry, chunk])
      this.carry = null
      this.atLineStart = true
    }
    let pos = 0
    while (pos < data.length) {
      if (this.atLineStart) {
        const n = Math.min(this.prefix.length, data.length - pos)
        if (data.compare(this.prefix, 0, n, pos, pos + n) === 0) {
          const nl = data.indexOf(0x0a, pos)
          if (nl < 0) {
            if (data.length - pos > MAX_MARKER_LINE) {
              this.body(data.subarray(pos))
              this.atLineStart = false
            } else this.carry = data.subarray(pos)
            return
          }
          this.line(data.subarray(pos, nl + 1))
          pos = nl + 1
          continue
        }
      }
      // Body up to the next line that starts like a marker.
      const next = data.indexOf(this.nlPrefix, pos)
      if (next >= 0) {
        this.body(data.subarray(pos, next + 1))
        pos = next + 1
        this.atLineStart = true
        continue
      }
      // None in this chunk: the last line may still begin one that the next chunk completes.
      const lastNl = data.lastIndexOf(0x0a)
      if (lastNl >= pos && lastNl + 1 < data.length) {
        this.body(data.subarray(pos, lastNl + 1))
        pos = lastNl + 1
        this.atLineStart = true
        const n = data.length - pos
        if (n < this.prefix.length && data.compare(this.prefix, 0, n, pos) === 0) {
          this.carry = data.subarray(pos)
          return
        }
      }
      this.body(data.subarray(pos))
      this.atLineStart = data[data.length - 1] === 0x0a
      return
    }
  }

  /** The frames, once the output has ended. */
  end(): Frame[] {
    if (this.carry) {
      this.line(this.carry)
      this.carry = null
    }
    this.close(null)
    return this.list.frames
  }

  private body(part: Buffer): void {
    if (this.open && part.length > 0) this.open.parts.push(part)
  }

  /** One whole line starting with the marker prefix (its LF included, if any). */
  private line(bytes: Buffer): void {
    const text = bytes.toString('utf8')
    const m = this.marker.exec(text.endsWith('\n') ? text.slice(0, -1) : text)
    if (m && m[1] === 'BEGIN') {
      this.close(null)
      this.open = {name: m[2], attrs: parseAttrs(m[3]), parts: []}
    } else if (m && this.open && this.open.name === m[2]) {
      const rc = /^ rc=(-?\d+)$/.exec(m[3])
      this.close(rc ? Number(rc[1]) : -1)
    } else this.body(bytes)
  }

  private close(rc: number | null): void {
    if (!this.open) return
    const {name, attrs, parts} = this.open
    this.open = null
    const bytes = parts.length === 1 ? parts[0] : Buffer.concat(parts)
    if (TEXT_ON_DEMAND.has(name)) this.list.addBytes(name, attrs, bytes, rc)
    else this.list.add(name, attrs, bytes.toString('utf8'), rc)
  }
}

/** Lookup helpers over one run's frames. */
export class FrameSet {
  /** Frames by name, in output order: parsing looks frames up some hundred times a host. */
  private readonly byName = new Map<string, Frame[]>()

  constructor(readonly frames: Frame[]) {
    for (const frame of frames) {
      const same = this.byName.get(frame.name)
      if (same) same.push(frame)
      else this.byName.set(frame.name, [frame])
    }
  }

  one(name: string, attrs: Record<string, string> = {}): Frame | undefined {
    const named = this.byName.get(name)
    if (!named) return undefined
    for (const frame of named) if (matches(frame, attrs)) return frame
    return undefined
  }

  all(name: string, attrs: Record<string, string> = {}): Frame[] {
    return (this.byName.get(name) ?? []).filter((frame) => matches(frame, attrs))
  }
}

function matches(frame: Frame, attrs: Record<string, string>): boolean {
  for (const key in attrs) if (frame.attrs[key] !== attrs[key]) return false
  return true
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
