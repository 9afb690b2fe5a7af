import type {LogTail, PartialFact} from './facts.js'
import {frameBytes, type Frame} from './frames.js'
import {firstLine, toInt} from './text.js'

/**
 * A bounded tail to lines. When the read hit the byte bound its first line
 * almost surely starts mid-line (tail -c), so it is dropped.
 */
export function toLogTail(path: string, body: string, truncated: boolean, skip?: RegExp): LogTail {
  return {path, lines: splitTail(body, truncated, skip), truncated}
}

function splitTail(body: string, truncated: boolean, skip: RegExp | undefined): string[] {
  // One pass (a busy host's kernel log is thousands of lines): split, CR dropped, `skip` lines left out.
  const all = body.split('\n')
  if (all.at(-1) === '') all.pop()
  if (truncated) all.shift()
  const lines: string[] = []
  for (const raw of all) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    if (skip === undefined || !skip.test(line)) lines.push(line)
  }
  return lines
}

/** Tails whose `lines` are not split yet: the text (or bytes) they will be split from. */
const unsplit = new WeakMap<LogTail, {body: string | Buffer; skip?: RegExp}>()

/**
 * `toLogTail` whose lines are split when first read, from text or from the bytes the host
 * sent (decoded then). A busy host's kernel log is thousands of lines a window, and `fleet
 * check` looks in it for a few (the OOM killer's): those are found with `linesMatching`, and
 * the rest are never decoded or split.
 */
export function toLazyLogTail(path: string, body: string | Buffer, truncated: boolean, skip?: RegExp): LogTail {
  const tail = {path, truncated} as LogTail
  const settle = (lines: string[]): string[] => {
    unsplit.delete(tail)
    Object.defineProperty(tail, 'lines', {value: lines, enumerable: true, writable: true, configurable: true})
    return lines
  }
  Object.defineProperty(tail, 'lines', {
    enumerable: true,
    configurable: true,
    get: () => settle(splitTail(typeof body === 'string' ? body : body.toString('utf8'), truncated, skip)),
    set: settle,
  })
  unsplit.set(tail, {body, skip})
  return tail
}

/**
 * The tail's lines holding any of `needles` (literal text without a line end), oldest
 * first: `tail.lines.filter(...)`, found by searching the unsplit text or bytes when the tail
 * is lazy and not yet split, and decoding only those lines. A needle of ASCII text matches the
 * same lines in the bytes as in the decoded text (UTF-8 never hides an ASCII byte inside a
 * multi-byte sequence, and an invalid sequence never swallows one).
 */
export function linesMatching(tail: LogTail, needles: readonly string[]): string[] {
  const lazy = unsplit.get(tail)
  if (!lazy) return tail.lines.filter((line) => needles.some((needle) => line.includes(needle)))
  const {body, skip} = lazy
  // The first line is dropped when the read was cut (see splitTail): no match may come from it.
  const from = tail.truncated ? body.indexOf('\n') + 1 : 0
  if (tail.truncated && from === 0) return []
  const spans = new Map<number, number>()
  // Bytes are searched for bytes: a string needle would be encoded again on every search.
  const encoded = typeof body === 'string' ? null : new Map(needles.map((needle) => [needle, Buffer.from(needle)]))
  const find = (needle: string, at: number): number => (typeof body === 'string' ? body.indexOf(needle, at) : body.indexOf(encoded!.get(needle)!, at))
  for (const needle of needles) {
    for (let at = find(needle, from); at >= 0; ) {
      const start = body.lastIndexOf('\n', at) + 1
      const newline = body.indexOf('\n', at)
      const end = newline < 0 ? body.length : newline
      spans.set(start, end)
      if (newline < 0) break
      at = find(needle, newline + 1)
    }
  }
  const found: string[] = []
  for (const [start, end] of [...spans].sort((a, b) => a[0] - b[0])) {
    const raw = typeof body === 'string' ? body.slice(start, end) : body.toString('utf8', start, end)
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    if (skip === undefined || !skip.test(line)) found.push(line)
  }
  return found
}

/** A `log` frame, or a partial fact when the file could not be read. */
export function logFromFrame(frame: Frame, maxBytes: number, partial: PartialFact[]): LogTail | null {
  const path = frame.attrs.path ?? '?'
  if (frame.rc !== 0) {
    const why = firstLine(frame.stderr) || (frame.rc === null ? 'output cut off' : `exit ${frame.rc}`)
    partial.push({fact: `log:${path}`, reason: why})
    return null
  }
  const size = toInt(frame.attrs.size)
  const truncated = size !== undefined ? size > maxBytes : Buffer.byteLength(frame.body) >= maxBytes
  return toLogTail(path, frame.body, truncated)
}

const DIGITS = /^\d{1,6}$/

/** One log's frames: the current file and its rotated generations, or one journal read. */
interface LogGroup {
  kind: string
  current?: Frame
  generations: Array<{gen: number; frame: Frame}>
}

/**
 * The `log` and `journal-log` frames whose kind passes `wanted`, one LogTail per log:
 * rotated generations (`of=CURRENT gen=N [gz=1]`) are merged oldest first before the
 * current file. The probe gives each older generation only what is left of the byte
 * bound, and reads generation N+1 only after N was read whole, so only the oldest part
 * read can have been cut: then the tail is `truncated` (counts say "at least").
 * A journal read is one tail named `journalctl -t TAG`.
 */
export function logTails(frames: Frame[], wanted: (kind: string) => boolean, maxBytes: number, partial: PartialFact[]): LogTail[] {
  const groups = new Map<string, LogGroup>()
  const tails: LogTail[] = []
  for (const frame of frames) {
    const kind = frame.attrs.kind ?? ''
    if (!wanted(kind)) continue
    if (frame.name === 'journal-log') {
      const tail = journalFromFrame(frame, maxBytes, partial)
      if (tail) tails.push(tail)
      continue
    }
    if (frame.name !== 'log') continue
    const of = frame.attrs.of
    const gen = frame.attrs.gen
    const key = `${kind}\0${of ?? frame.attrs.path ?? `?${groups.size}`}`
    const group = groups.get(key) ?? {kind, generations: []}
    groups.set(key, group)
    if (of !== undefined && gen !== undefined && DIGITS.test(gen) && Number(gen) > 0) group.generations.push({gen: Number(gen), frame})
    else if (of === undefined && gen === undefined) group.current = frame
    else partial.push({fact: `log:${frame.attrs.path ?? '?'}`, reason: 'rotated generation with a malformed gen= or of=, not read'})
  }
  const files = [...groups.values()].flatMap((group) => mergeGenerations(group, maxBytes, partial) ?? [])
  return [...files, ...tails]
}

function mergeGenerations(group: LogGroup, maxBytes: number, partial: PartialFact[]): LogTail | null {
  const current = group.current ? logFromFrame(group.current, maxBytes, partial) : null
  if (group.generations.length === 0) return current ? {...current, kind: group.kind} : null
  // Newest first: each generation had only what the newer ones left of the bound.
  const newestFirst = [...group.generations].sort((a, b) => a.gen - b.gen)
  let used = current ? (toInt(group.current?.attrs.size) ?? Buffer.byteLength(group.current?.body ?? '')) : 0
  let truncated = current?.truncated ?? false
  const parts: LogTail[] = current ? [current] : []
  const read: string[] = []
  for (const {frame} of newestFirst) {
    const path = frame.attrs.path ?? '?'
    if (frame.rc !== 0) {
      const why = firstLine(frame.stderr) || (frame.rc === null ? 'output cut off' : `exit ${frame.rc}`)
      partial.push({fact: `log:${path}`, reason: why})
      // The lines of this generation and of any older one are missing: counts are a lower bound.
      truncated = true
      break
    }
    const left = Math.max(0, maxBytes - used)
    const bytes = Buffer.byteLength(frame.body)
    const size = toInt(frame.attrs.size)
    // A gzip generation's size is of the compressed file; its body is decompressed.
    const cut = frame.attrs.gz === '1' || size === undefined ? bytes >= left : size > left
    parts.unshift(toLogTail(path, frame.body, cut))
    read.unshift(path)
    used += frame.attrs.gz === '1' || size === undefined ? bytes : size
    if (cut) {
      truncated = true
      break
    }
  }
  const path = group.current?.attrs.path ?? group.generations[0].frame.attrs.of ?? '?'
  return {path, lines: parts.flatMap((part) => part.lines), truncated, generations: read, kind: group.kind}
}

// `journalctl -o short-iso` markers, not log lines.
const JOURNAL_MARKER = /^-- .* --$/

/** A `journal-log` frame: the journal lines of one syslog tag, or a partial fact. */
export function journalFromFrame(frame: Frame, maxBytes: number, partial: PartialFact[]): LogTail | null {
  const tag = frame.attrs.tag ?? '?'
  const path = `journalctl -t ${tag}`
  if (frame.rc !== 0) {
    const why = firstLine(frame.stderr) || (frame.rc === null ? 'output cut off' : `exit ${frame.rc}`)
    partial.push({fact: `log:${path}`, reason: why})
    return null
  }
  return {...toLogTail(path, frame.body, Buffer.byteLength(frame.body) >= maxBytes, JOURNAL_MARKER), source: 'journal', kind: frame.attrs.kind ?? ''}
}

/** How the kernel log was read, named in LogTail.path (formats differ per source). */
export const KERNEL_SOURCES: Record<string, string> = {
  journal: 'journalctl -k',
  dmesg: 'dmesg -T',
  file: '/var/log/kern.log',
}

/** The kernel log: null plus a partial fact (never an alarm) when no source could be read. */
export function kernelFromFrames(
  kernel: Frame | undefined,
  attempts: Frame | undefined,
  maxBytes: number,
  partial: PartialFact[],
): LogTail | null {
  const tried = (attempts?.body ?? '').split('\n').filter((l) => l.trim() !== '').join('; ')
  if (!kernel || kernel.rc !== 0) {
    const why = kernel ? firstLine(kernel.stderr) || `exit ${kernel.rc}` : tried || 'kernel log section missing'
    partial.push({fact: 'kernel-log', reason: why})
    return null
  }
  const path = KERNEL_SOURCES[kernel.attrs.source ?? ''] ?? kernel.attrs.path ?? 'kernel'
  // journalctl prints `-- No entries --` / `-- Boot ... --` markers, not log lines.
  // Kept in bytes by FrameStream when it could: decoded only as far as something reads it.
  const bytes = frameBytes(kernel)
  if (bytes) return toLazyLogTail(path, bytes, bytes.length >= maxBytes, JOURNAL_MARKER)
  return toLazyLogTail(path, kernel.body, Buffer.byteLength(kernel.body) >= maxBytes, JOURNAL_MARKER)
}
