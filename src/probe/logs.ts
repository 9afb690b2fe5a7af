import type {LogTail, PartialFact} from './facts.js'
import type {Frame} from './frames.js'
import {firstLine, toInt} from './text.js'

/**
 * A bounded tail to lines. When the read hit the byte bound its first line
 * almost surely starts mid-line (tail -c), so it is dropped.
 */
export function toLogTail(path: string, body: string, truncated: boolean): LogTail {
  const all = body.split('\n').map((l) => l.replace(/\r$/, ''))
  if (all.at(-1) === '') all.pop()
  if (truncated) all.shift()
  return {path, lines: all, truncated}
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
  const body = kernel.body
    .split('\n')
    .filter((l) => !/^-- .* --$/.test(l))
    .join('\n')
  return toLogTail(path, body, Buffer.byteLength(kernel.body) >= maxBytes)
}
