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
