import {performance} from 'node:perf_hooks'

import {TransportError} from './types.js'

/** A timer later than this was held up by a blocked event loop, not by timer granularity. */
export const LATE_TIMER_MS = 100

export interface Deadline {
  /** Rejects with 'timeout' or 'aborted' once the deadline passes or the signal fires; never resolves. */
  readonly expired: Promise<never>
  clear(): void
}

/**
 * One timer + abort listener for an operation. `onExpire` tears the operation
 * down (destroy the socket, close the channel, kill the process group) so
 * nothing keeps running after the caller has been told it failed.
 *
 * The deadline measures the host, not this process: when the event loop was
 * busy (judging another host's output) past the deadline, Node runs expired
 * timers BEFORE it reads the I/O that arrived meanwhile, so the answer that is
 * already on the socket would lose to the timer. The timer therefore only arms a
 * setImmediate, which runs after the poll phase has read that I/O; an operation
 * that completed there has cleared the deadline by then and does not time out.
 * And a timer that fires late (the loop was blocked that long: the host's messages
 * went unread and ours unsent) gives that time back first: an SSH handshake or a
 * probe still in flight gets the round trips the controller owed it.
 */
export function startDeadline(options: {
  timeoutMs: number
  signal?: AbortSignal
  what: string
  host?: string
  onExpire: () => void
}): Deadline {
  const {timeoutMs, signal, what, host, onExpire} = options
  let timer: NodeJS.Timeout | undefined
  let pending: NodeJS.Immediate | undefined
  let onAbort: (() => void) | undefined
  const expired = new Promise<never>((_resolve, reject) => {
    const fail = (error: TransportError) => {
      cleanup()
      try {
        onExpire()
      } finally {
        reject(error)
      }
    }
    if (signal?.aborted) {
      // Deferred so callers can attach their handlers first.
      queueMicrotask(() => fail(new TransportError('aborted', `${what}: aborted`, host)))
      return
    }
    let due = performance.now() + timeoutMs
    const onTimer = () => {
      timer = undefined
      const late = performance.now() - due
      if (late > LATE_TIMER_MS) {
        due = performance.now() + late
        timer = setTimeout(onTimer, late)
        return
      }
      pending = setImmediate(() => fail(new TransportError('timeout', `${what}: timed out after ${timeoutMs} ms`, host)))
    }
    timer = setTimeout(onTimer, timeoutMs)
    onAbort = () => fail(new TransportError('aborted', `${what}: aborted`, host))
    signal?.addEventListener('abort', onAbort, {once: true})
  })
  // Nobody may be racing against it any more when it fires late; that is not an unhandled failure.
  expired.catch(() => {})
  const cleanup = () => {
    if (timer) clearTimeout(timer)
    if (pending) clearImmediate(pending)
    if (onAbort) signal?.removeEventListener('abort', onAbort)
  }
  return {expired, clear: cleanup}
}
