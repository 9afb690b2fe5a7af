import {TransportError} from './types.js'

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
    timer = setTimeout(() => {
      timer = undefined
      pending = setImmediate(() => fail(new TransportError('timeout', `${what}: timed out after ${timeoutMs} ms`, host)))
    }, timeoutMs)
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
