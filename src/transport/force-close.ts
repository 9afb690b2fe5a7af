import type {Client} from 'ssh2'

/**
 * Ends an ssh2 client and, if the peer has not closed within `graceMs`, destroys its
 * socket. ssh2's own destroy() is a no-op once end() ran (the socket is no longer
 * writable), so a vanished peer would otherwise hold a half-closed socket, and with
 * it the whole process, until TCP gives up minutes later.
 */
export function endClient(client: Client, graceMs = 1000): Promise<void> {
  return new Promise((resolve) => {
    const socket = (client as unknown as {_sock?: {destroyed?: boolean; destroy(): void}})._sock
    const timer = setTimeout(() => {
      socket?.destroy()
      resolve()
    }, graceMs)
    timer.unref()
    client.once('close', () => {
      clearTimeout(timer)
      resolve()
    })
    client.end()
    if (!socket || socket.destroyed) {
      clearTimeout(timer)
      resolve()
    }
  })
}
