import {randomBytes} from 'node:crypto'

import type {HostSpec} from '../inventory/types.js'
import type {HostFacts} from '../probe/facts.js'
import {FrameStream} from '../probe/frames.js'
import {parseProbeOutput} from '../probe/parse.js'
import {firstLine} from '../probe/text.js'
import {PROBE_COMMAND, probeStdin} from '../probe/script.js'
import {ProbeStreamBudget} from '../probe/stream-budget.js'
import type {Connector} from '../transport/types.js'
import {TransportError} from '../transport/types.js'

export interface ProbeSettings {
  windowSeconds: number
  maxLogBytes: number
  connectTimeoutMs: number
  commandTimeoutMs: number
}

export type ProbeResult =
  | {ok: true; facts: HostFacts; durationMs: number}
  | {ok: false; error: TransportError; durationMs: number}

/** A host's probe output not parsed yet: what a judging thread gets (see judge-pool.ts). */
export interface ProbeOutput {
  ok: true
  /** The probe's stdout as it came, in a buffer that owns its memory (transferable). */
  output: Uint8Array
  nonce: string
  maxLogBytes: number
  durationMs: number
}

/**
 * One host, one connection, one exec: the probe script travels on stdin so no
 * argument-length limit or quoting of the script itself is involved.
 */
export function probeHost(host: HostSpec, connector: Connector, settings: ProbeSettings, signal?: AbortSignal): Promise<ProbeResult>
/** As above, with the output left unparsed (`{keep: 'bytes'}`) for a judging thread. */
export function probeHost(
  host: HostSpec,
  connector: Connector,
  settings: ProbeSettings,
  signal: AbortSignal | undefined,
  options: {keep: 'bytes'},
): Promise<ProbeOutput | Extract<ProbeResult, {ok: false}>>
export async function probeHost(
  host: HostSpec,
  connector: Connector,
  settings: ProbeSettings,
  signal?: AbortSignal,
  options: {keep: 'facts' | 'bytes'} = {keep: 'facts'},
): Promise<ProbeResult | ProbeOutput> {
  const started = Date.now()
  const elapsed = () => Date.now() - started
  let transport
  try {
    transport = await connector.connect(host, {timeoutMs: settings.connectTimeoutMs, signal})
  } catch (error) {
    return {ok: false, error: asTransportError(error, host), durationMs: elapsed()}
  }
  try {
    // A random nonce frames the sections, so nothing a log line says can forge one.
    const nonce = randomBytes(9).toString('hex')
    // A host that sends more than the probe can is cut off there, not read to the end.
    // It also splits the output into frames as it arrives: no host's whole output is ever one string.
    const budget = new ProbeStreamBudget(nonce, settings.maxLogBytes, {keep: options.keep === 'bytes' ? 'bytes' : 'frames'})
    // The nonce travels inside the script on stdin: the command line is visible in `ps` to every local user.
    const result = await transport.exec(PROBE_COMMAND, {
      stdin: probeStdin({nonce, windowSeconds: settings.windowSeconds, maxLogBytes: settings.maxLogBytes}),
      sudo: host.sudo,
      timeoutMs: settings.commandTimeoutMs,
      signal,
      outputBudget: budget,
    })
    if (budget.exceeded) return {ok: false, error: new TransportError('protocol', budget.message(), host.name), durationMs: elapsed()}
    if (result.code !== 0) {
      const detail = firstLine(result.stderr) || `exit status ${result.code ?? result.signal ?? 'unknown'}`
      return {ok: false, error: new TransportError('protocol', `probe failed: ${detail}`, host.name), durationMs: elapsed()}
    }
    if (options.keep === 'bytes') return {ok: true, output: budget.bytes(), nonce, maxLogBytes: settings.maxLogBytes, durationMs: elapsed()}
    return {ok: true, facts: parseProbeOutput(budget.frames(), nonce, {maxLogBytes: settings.maxLogBytes}), durationMs: elapsed()}
  } catch (error) {
    return {ok: false, error: asTransportError(error, host), durationMs: elapsed()}
  } finally {
    await transport.close().catch(() => undefined)
  }
}

function asTransportError(error: unknown, host: HostSpec): TransportError {
  if (error instanceof TransportError) return error
  return new TransportError('protocol', (error as Error)?.message ?? String(error), host.name)
}

/** A probe output parsed into facts, as probeHost would have: the frames split the same way, in one push. */
export function parseProbeBytes(probe: ProbeOutput): ProbeResult {
  const stream = new FrameStream(probe.nonce, {maxLogBytes: probe.maxLogBytes})
  stream.push(Buffer.from(probe.output.buffer, probe.output.byteOffset, probe.output.byteLength))
  return {ok: true, facts: parseProbeOutput(stream.end(), probe.nonce, {maxLogBytes: probe.maxLogBytes}), durationMs: probe.durationMs}
}
