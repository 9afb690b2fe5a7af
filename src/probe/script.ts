import {readFileSync} from 'node:fs'

/** Defaults for `probeScript`: one hour of logs, 256 KiB per log tail. */
export const PROBE_DEFAULTS = {windowSeconds: 3600, maxLogBytes: 256 * 1024} as const

/**
 * The remote command line. It carries nothing of the run: the nonce and the
 * other parameters travel in the script on stdin, so a local user reading
 * `ps` on the host learns nothing that would let them forge a frame.
 */
export const PROBE_COMMAND = 'sh -s'

export interface ProbeArgs {
  /** Random per run, [A-Za-z0-9]+: frames carry it so log content cannot forge one. */
  nonce: string
  windowSeconds: number
  maxLogBytes: number
}

let cached: string | undefined
let cachedEvidence: string | undefined

/**
 * The probe script as shipped. Read next to this module: the build must
 * copy src/probe/probe.sh to dist/src/probe/probe.sh.
 */
export function loadProbeScript(): string {
  cached ??= readFileSync(new URL('./probe.sh', import.meta.url), 'utf8')
  return cached
}

/**
 * The probe's evidence section (rotated logs, the journal, disks, php.ini, app
 * logs, why a unit stopped): function definitions only, called by probe.sh's
 * main. Read next to this module: the build copies src/probe/evidence.sh too.
 */
export function loadEvidenceScript(): string {
  cachedEvidence ??= readFileSync(new URL('./evidence.sh', import.meta.url), 'utf8')
  return cachedEvidence
}

/**
 * What is sent on stdin to `PROBE_COMMAND`: validated assignments of the run's
 * parameters, then evidence.sh (definitions only), then probe.sh, whose main
 * calls `evidence` before its `done` frame. The values are checked here (alphanumeric nonce,
 * non-negative integers) and again by the script, so no quoting is involved.
 */
export function probeScript(args: ProbeArgs): string {
  return `${probeParameters(args)}${probeBody()}`
}

let sharedBody: Buffer | undefined

/**
 * `probeScript` as the chunks a transport writes: the parameters, then the body encoded
 * once per process and shared by every host (at 1,000 hosts, encoding it for each was
 * 60 MB of garbage). The same bytes as `probeScript`.
 */
export function probeStdin(args: ProbeArgs): Buffer[] {
  const parameters = Buffer.from(probeParameters(args))
  sharedBody ??= Buffer.from(probeBody())
  return [parameters, sharedBody]
}

/** The assignments that start the script, each value checked for shape. */
function probeParameters({nonce, windowSeconds, maxLogBytes}: ProbeArgs): string {
  if (!/^[A-Za-z0-9]+$/.test(nonce)) throw new Error(`probe nonce must be alphanumeric (got ${JSON.stringify(nonce)})`)
  for (const [name, value] of [['windowSeconds', windowSeconds], ['maxLogBytes', maxLogBytes]] as const) {
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`probe option ${name} must be a non-negative integer (got ${value})`)
  }
  return `FLEET_NONCE=${nonce}\nFLEET_WINDOW=${windowSeconds}\nFLEET_MAXLOG=${maxLogBytes}\n`
}

/** evidence.sh's definitions, then probe.sh: the same for every host. */
function probeBody(): string {
  return `${withNewline(loadEvidenceScript())}${loadProbeScript()}`
}

/** A script part ends with a newline, so the next part starts on a line of its own. */
function withNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`
}
