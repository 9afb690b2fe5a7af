import type {HostSpec} from '../inventory/types.js'

/** Every way reaching a host can fail, as shown per host and in JSON (`error.kind`). */
export type TransportErrorKind =
  | 'dns'
  | 'refused'
  | 'timeout'
  | 'auth'
  | 'host-key-unknown'
  | 'host-key-changed'
  | 'host-key-revoked'
  | 'sudo'
  | 'protocol'
  | 'aborted'

export class TransportError extends Error {
  constructor(
    readonly kind: TransportErrorKind,
    message: string,
    readonly host?: string,
  ) {
    super(message)
    this.name = 'TransportError'
  }
}

export interface ExecResult {
  stdout: string
  stderr: string
  /** Exit status; null when the remote side died on a signal or the channel closed without one. */
  code: number | null
  signal?: string
  /** Set when that stream exceeded the transport's cap (64 MiB) and was cut there. */
  stdoutTruncated?: boolean
  stderrTruncated?: boolean
}

export interface ExecOptions {
  /**
   * Sent on the command's standard input, then EOF (the probe script travels this way).
   * Chunks are written in order: the probe's 60 KB body is one Buffer shared by every host,
   * not encoded again for each.
   */
  stdin?: string | readonly Uint8Array[]
  /** Wrap in `sudo -n` (a password prompt becomes a TransportError of kind 'sudo', never a hang). */
  sudo?: boolean
  /** Deadline for this command; on expiry the channel is closed and a 'timeout' error thrown. */
  timeoutMs: number
  signal?: AbortSignal
  /**
   * Sees stdout and stderr as they arrive; once it returns false the transport stops
   * reading, closes the channel (kills the command) and returns what it had: a host that
   * sends without end costs a bounded amount of memory (see ProbeStreamBudget).
   */
  outputBudget?: OutputBudget
}

export interface OutputBudget {
  accept(chunk: Buffer, stream: 'stdout' | 'stderr'): boolean
  /**
   * True when the budget parses stdout itself as it arrives (ProbeStreamBudget with a
   * FrameStream): the transport then keeps none of it, and the result's stdout is ''.
   */
  readonly consumesStdout?: boolean
}

/** A live session to one host. Knows nothing of nginx: it runs argv-safe command strings. */
export interface Transport {
  readonly host: HostSpec
  /** `command` is a shell command line built with `shellQuote` (src/transport/quote.ts). */
  exec(command: string, options: ExecOptions): Promise<ExecResult>
  close(): Promise<void>
}

export interface ConnectOptions {
  /** Deadline for TCP connect + handshake + auth. */
  timeoutMs: number
  signal?: AbortSignal
}

/** Opens transports; owns what is shared between hosts (parsed keys, agent, bastion connections). */
export interface Connector {
  connect(host: HostSpec, options: ConnectOptions): Promise<Transport>
  /** Closes shared resources (bastions). */
  close(): Promise<void>
}
