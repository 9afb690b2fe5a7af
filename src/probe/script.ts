import {readFileSync} from 'node:fs'

/** Defaults for `probeCommand`: one hour of logs, 256 KiB per log tail. */
export const PROBE_DEFAULTS = {windowSeconds: 3600, maxLogBytes: 256 * 1024} as const

export interface ProbeArgs {
  /** Random per run, [A-Za-z0-9]+: frames carry it so log content cannot forge one. */
  nonce: string
  windowSeconds: number
  maxLogBytes: number
}

let cached: string | undefined

/**
 * The probe script, sent on stdin. Read next to this module: the build must
 * copy src/probe/probe.sh to dist/src/probe/probe.sh.
 */
export function loadProbeScript(): string {
  cached ??= readFileSync(new URL('./probe.sh', import.meta.url), 'utf8')
  return cached
}

/** POSIX single-quote quoting: the only character needing care is `'` itself. */
function quote(arg: string): string {
  return `'${arg.replaceAll("'", `'\\''`)}'`
}

/** The remote command line; the transport adds `sudo -n` when asked. */
export function probeCommand({nonce, windowSeconds, maxLogBytes}: ProbeArgs): string {
  if (!/^[A-Za-z0-9]+$/.test(nonce)) throw new Error(`probe nonce must be alphanumeric (got ${JSON.stringify(nonce)})`)
  for (const [name, value] of [['windowSeconds', windowSeconds], ['maxLogBytes', maxLogBytes]] as const) {
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`probe option ${name} must be a non-negative integer (got ${value})`)
  }
  return ['sh', '-s', '--', nonce, String(windowSeconds), String(maxLogBytes)].map((a, i) => (i < 3 ? a : quote(a))).join(' ')
}
