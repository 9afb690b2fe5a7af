/**
 * A deadline measures the host, not the controller's CPU. When the event loop is
 * blocked (judging another host) past a deadline while the answer already sits on
 * the socket, Node runs the expired timer before it reads that socket: the deadline
 * must let the poll phase read it first. Real loopback TCP, no fake timers.
 */
import net from 'node:net'

import {afterEach, describe, expect, it} from 'vitest'

import {startDeadline} from '../../../src/transport/deadline.js'
import {TransportError} from '../../../src/transport/types.js'

/** Blocks the event loop, as judging a big host's output does. */
function busy(ms: number): void {
  const until = Date.now() + ms
  while (Date.now() < until) {
    // spin
  }
}

const closers: Array<() => void> = []
afterEach(() => {
  while (closers.length > 0) closers.pop()!()
})

/** A connected loopback pair: `send` writes from the far end, `answer` resolves on the first data read here. */
async function loopback(): Promise<{send(text: string): void; answer: Promise<string>; near: net.Socket; far: net.Socket}> {
  let far: net.Socket | undefined
  const server = net.createServer((socket) => {
    far = socket
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as net.AddressInfo
  const near = net.connect(port, '127.0.0.1')
  await new Promise<void>((resolve) => near.once('connect', resolve))
  while (!far) await new Promise((resolve) => setImmediate(resolve))
  closers.push(() => {
    near.destroy()
    far?.destroy()
    server.close()
  })
  const answer = new Promise<string>((resolve) => near.once('data', (chunk: Buffer) => resolve(chunk.toString())))
  return {send: (text) => far!.write(text), answer, near, far}
}

describe('startDeadline', () => {
  it('does not time out an operation whose answer arrived while the event loop was blocked past the deadline', async () => {
    const {send, answer} = await loopback()
    let expiredCalls = 0
    const deadline = startDeadline({timeoutMs: 50, what: 'command on test', host: 'test', onExpire: () => expiredCalls++})
    const outcome = Promise.race([answer, deadline.expired]).finally(() => deadline.clear())
    // The host answers in time (its bytes are in this socket's receive queue at once)...
    send('probe output')
    // ...but this process is busy with another host well past the deadline.
    busy(300)
    await expect(outcome).resolves.toBe('probe output')
    expect(expiredCalls).toBe(0)
  })

  it('gives back the time the loop was blocked to an operation that needs more round trips (an SSH handshake)', async () => {
    const {near, far, answer} = await loopback()
    // The host answers each message 20 ms after it reads it.
    far.on('data', () => setTimeout(() => far.write('pong'), 20))
    let expiredCalls = 0
    const deadline = startDeadline({timeoutMs: 50, what: 'connect to test', host: 'test', onExpire: () => expiredCalls++})
    const outcome = Promise.race([answer, deadline.expired]).finally(() => deadline.clear())
    // Busy past the deadline before our side could even send its next message.
    busy(400)
    near.write('ping')
    await expect(outcome).resolves.toBe('pong')
    expect(expiredCalls).toBe(0)
  })

  it('still times out an operation that has not answered', async () => {
    const {answer} = await loopback()
    let expiredCalls = 0
    const deadline = startDeadline({timeoutMs: 50, what: 'command on test', host: 'test', onExpire: () => expiredCalls++})
    const outcome = Promise.race([answer, deadline.expired]).finally(() => deadline.clear())
    busy(100)
    const error = await outcome.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TransportError)
    expect((error as TransportError).kind).toBe('timeout')
    expect(expiredCalls).toBe(1)
  })

  it('an abort still fails at once', async () => {
    const abort = new AbortController()
    const deadline = startDeadline({timeoutMs: 60_000, signal: abort.signal, what: 'command on test', onExpire: () => undefined})
    abort.abort()
    await expect(deadline.expired).rejects.toMatchObject({kind: 'aborted'})
    deadline.clear()
  })
})
