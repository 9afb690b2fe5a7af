import type {Client, ClientChannel} from 'ssh2'
import {BoundedOutput, DEFAULT_OUTPUT_CAP} from './bounded-output.js'
import {classifyError} from './classify-error.js'
import {startDeadline} from './deadline.js'
import {writeStdin} from './stdin.js'
import {TransportError, type ExecResult, type OutputBudget} from './types.js'

/**
 * Closing an exec channel does not stop the command: without a pty sshd sends
 * it no SIGHUP, only closes its pipes (it dies of SIGPIPE at its next write).
 * OpenSSH also honours the `signal` channel request with killpg() on the
 * session, but only for privilege-separated (non-root) logins; TERM first so
 * that sudo relays it to the command it runs, then KILL. ssh2's public
 * `channel.signal()` refuses once our side sent EOF (stdin ended), which is
 * always the case here, so the request goes through its protocol object.
 */
function killRemote(client: Client, channel: ClientChannel): void {
  const protocol = (client as unknown as {_protocol?: {signal(id: number, name: string): void}})._protocol
  const outgoing = (channel as unknown as {outgoing?: {id?: number; state?: string}}).outgoing
  if (!protocol || outgoing?.id === undefined || (outgoing.state !== 'open' && outgoing.state !== 'eof')) return
  try {
    protocol.signal(outgoing.id, 'TERM')
    protocol.signal(outgoing.id, 'KILL')
  } catch {
    // A connection already gone: closing the channel is all we can do.
  }
}

export interface ChannelExecOptions {
  stdin?: string | readonly Uint8Array[]
  timeoutMs: number
  signal?: AbortSignal
  /** For messages: which host, and the host name errors carry. */
  where: string
  label: string
  outputCap?: number
  /** Why the SSH connection is gone, if it is: a channel that closes without exit status then fails with it. */
  connectionLost?: () => TransportError | undefined
  /** Stop reading (close the channel, kill the command) once it says no. */
  outputBudget?: OutputBudget
}

/**
 * Runs one command on an exec channel: stdin written then EOF, stdout/stderr
 * collected (bounded), exit status or signal. On timeout/abort the channel is
 * closed, which makes sshd hang up the command's session.
 */
export function execOnChannel(client: Client, command: string, options: ChannelExecOptions): Promise<ExecResult> {
  const {where, label} = options
  const stdout = new BoundedOutput(options.outputCap ?? DEFAULT_OUTPUT_CAP)
  const stderr = new BoundedOutput(options.outputCap ?? DEFAULT_OUTPUT_CAP)
  let channel: ClientChannel | undefined
  const deadline = startDeadline({
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    what: `command on ${where}`,
    host: label,
    onExpire: () => {
      if (channel) killRemote(client, channel)
      channel?.close()
    },
  })
  const run = new Promise<ExecResult>((resolve, reject) => {
    const started = (err: Error | undefined, stream: ClientChannel) => {
      if (err) {
        reject(new TransportError(classifyError(err), `${where}: cannot start command: ${err.message}`, label))
        return
      }
      channel = stream
      let code: number | null = null
      let signal: string | undefined
      let stopped = false
      const take = (which: 'stdout' | 'stderr', into: BoundedOutput) => (chunk: Buffer) => {
        if (stopped) return
        if (options.outputBudget && !options.outputBudget.accept(chunk, which)) {
          // Over budget: keep nothing more, and make the host stop sending.
          stopped = true
          killRemote(client, stream)
          stream.close()
          // Not waiting for the host to acknowledge the close: it may keep sending.
          resolve({stdout: stdout.text(), stderr: stderr.text(), code: null, [which === 'stdout' ? 'stdoutTruncated' : 'stderrTruncated']: true})
          return
        }
        if (which === 'stdout' && options.outputBudget?.consumesStdout) return
        into.push(chunk)
      }
      stream.on('data', take('stdout', stdout))
      stream.stderr.on('data', take('stderr', stderr))
      stream.on('exit', (exitCode: number | null, exitSignal?: string) => {
        code = exitCode ?? null
        if (exitSignal) signal = exitSignal
      })
      stream.on('close', () => {
        // ssh2 reports the socket's close before closing its channels, so a dead link is known by now.
        const lost = code === null && signal === undefined ? options.connectionLost?.() : undefined
        if (lost) {
          reject(lost)
          return
        }
        const result: ExecResult = {stdout: stdout.text(), stderr: stderr.text(), code}
        if (signal) result.signal = signal
        if (stdout.truncated) result.stdoutTruncated = true
        if (stderr.truncated) result.stderrTruncated = true
        resolve(result)
      })
      // A command that exits without reading stdin makes further writes fail; its exit status says what happened.
      stream.on('error', () => {})
      writeStdin(stream, options.stdin)
    }
    try {
      client.exec(command, started)
    } catch (error) {
      // ssh2 throws synchronously when the connection is already gone.
      reject(new TransportError(classifyError(error), `${where}: cannot start command: ${(error as Error).message}`, label))
    }
  })
  return Promise.race([run, deadline.expired]).finally(() => deadline.clear())
}
