import type {Client} from 'ssh2'
import type {HostSpec} from '../inventory/types.js'
import {DEFAULT_OUTPUT_CAP} from './bounded-output.js'
import {classifyError} from './classify-error.js'
import {execOnChannel} from './ssh-exec.js'
import {classifySudoFailure, sudoCommand} from './sudo.js'
import {TransportError, type ExecOptions, type ExecResult, type Transport} from './types.js'
import {endClient} from './force-close.js'

/** A Transport over one authenticated ssh2 Client. */
export function sshTransport(
  host: HostSpec,
  client: Client,
  username: string,
  onClosed: () => void,
  outputCap = DEFAULT_OUTPUT_CAP,
): Transport {
  const where = `${username}@${host.address}:${host.port}`
  let closed = false
  let closedByUs = false
  let lastError: Error | undefined
  // After login ssh2 still reports keepalive timeouts and socket errors here; keep the last for the message.
  client.on('error', (err: Error) => {
    lastError = err
  })
  // Set synchronously: ssh2 closes the channels right after emitting 'close', and exec asks this then.
  client.once('close', () => {
    closed = true
    onClosed()
  })
  return {
    host,
    async exec(command: string, options: ExecOptions): Promise<ExecResult> {
      if (closed) throw new TransportError('protocol', `${where}: connection is closed`, host.name)
      // root needs no sudo, and a root login on a host without sudo must still work.
      const viaSudo = options.sudo === true && username !== 'root'
      const result = await execOnChannel(client, viaSudo ? sudoCommand(command) : command, {
        stdin: options.stdin,
        timeoutMs: options.timeoutMs,
        signal: options.signal,
        where,
        label: host.name,
        outputCap,
        outputBudget: options.outputBudget,
        connectionLost: () => {
          if (!closed || closedByUs) return undefined
          const why = lastError ? `: ${lastError.message}` : ''
          return new TransportError(lastError ? classifyError(lastError) : 'protocol', `${where}: connection lost during command${why}`, host.name)
        },
      })
      if (viaSudo) {
        const refusal = classifySudoFailure(result.code, result.stderr)
        if (refusal) throw new TransportError('sudo', `${where}: sudo -n refused: ${refusal.why} (${refusal.line})`, host.name)
      }
      return result
    },
    async close(): Promise<void> {
      if (closed) return
      closedByUs = true
      // A peer that never acknowledges must not hold up the run (nor the process after it).
      await endClient(client)
    },
  }
}
