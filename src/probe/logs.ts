import type {LogTail, PartialFact} from './facts.js'
import {frameBytes, type Frame} from './frames.js'
import {firstLine, toInt} from './text.js'
import {splitTail, toLazyLogTail} from '../logs/tail-lines.js'

/**
 * A bounded tail to lines. When the read hit the byte bound its first line
 * almost surely starts mid-line (tail -c), so it is dropped.
 */
export function toLogTail(path: string, body: string, truncated: boolean, skip?: RegExp): LogTail {
  return {path, lines: splitTail(body, truncated, skip), truncated}
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
