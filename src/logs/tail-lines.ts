/**
 * Log tails as lines: split once, or lazily (from text or the bytes a host sent) with the few
 * lines a check looks for found without splitting. Shared by the probe's parser and the
 * checks, so it imports nothing of either (`fleet explain` loads the checks, not the probe).
 */
import type {LogTail} from '../probe/facts.js'
import {defineLazy} from '../lazy-property.js'

export function splitTail(body: string, truncated: boolean, skip: RegExp | undefined): string[] {
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

/** Lazy tails whose `lines` are not settled yet: the text (or bytes) they will be split from. */
const unsplit = new WeakMap<LogTail, {body: string | Buffer; skip?: RegExp}>()

/**
 * `toLogTail` whose lines are split when first read, from text or from the bytes the host
 * sent (decoded then). A busy host's kernel log is thousands of lines a window, and `fleet
 * check` looks in it for a few (the OOM killer's): those are found with `linesMatching`, and
 * the rest are never decoded or split.
 */
export function toLazyLogTail(path: string, body: string | Buffer, truncated: boolean, skip?: RegExp): LogTail {
  const tail = {path, truncated} as LogTail
  defineLazy(tail, 'lines', () => splitTail(typeof body === 'string' ? body : body.toString('utf8'), truncated, skip), () => unsplit.delete(tail))
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
