/**
 * What the probe sends at most in each frame: the caps probe.sh puts on every
 * section (ERRCAP, CMDCAP, DUMPCAP, MAX_LOG_BYTES), by frame name. Keep in step
 * with src/probe/probe.sh. The controller holds a host to them (splitFrames) and
 * sizes the whole stream from them (stream-budget.ts).
 */
export const KIB = 1024
/** ERRCAP: one stderr frame. */
export const ERR_CAP = 64 * KIB
/** CMDCAP: one ordinary command's output. */
export const CMD_CAP = 256 * KIB
/** DUMPCAP: `nginx -T`, the config files read instead of it, FPM's `-tt` dump and its conf files. */
export const DUMP_CAP = 4 * KIB * KIB
/** The `log` and `kernel` frames are cut at MAX_LOG_BYTES (`--max-log-bytes`). */
const LOG = 'log' as const

/** Body cap per frame name, as probe.sh bounds each one; `.stderr` frames take `stderr` (ERRCAP unless said). */
export const FRAME_CAPS: Record<string, {body: number | typeof LOG; stderr?: number}> = {
  'probe-error': {body: 4 * KIB},
  system: {body: 4 * KIB},
  'nginx-V': {body: 64 * KIB},
  'nginx-T': {body: DUMP_CAP},
  'nginx-files': {body: DUMP_CAP},
  'fpm-units': {body: CMD_CAP},
  'fpm-unit-files': {body: CMD_CAP},
  fpm: {body: 0},
  'fpm-tt': {body: CMD_CAP, stderr: DUMP_CAP},
  'fpm-files': {body: DUMP_CAP},
  services: {body: CMD_CAP},
  'service-status': {body: 16 * KIB},
  pidfiles: {body: 16 * KIB},
  ps: {body: CMD_CAP},
  stat: {body: CMD_CAP},
  acl: {body: CMD_CAP},
  'ss-unix': {body: CMD_CAP},
  'ss-tcp': {body: CMD_CAP},
  'proc-net-unix': {body: CMD_CAP},
  'proc-net-tcp': {body: CMD_CAP},
  users: {body: 64 * KIB},
  log: {body: LOG},
  kernel: {body: LOG},
  'journal-log': {body: LOG},
  // evidence.sh (issue 9): the app log shares the log bound; the rest are small.
  'app-log': {body: LOG},
  'unit-journal': {body: 64 * KIB},
  'disk-paths': {body: CMD_CAP},
  df: {body: CMD_CAP},
  'df-inodes': {body: CMD_CAP},
  'php-ini': {body: CMD_CAP},
  evidence: {body: 4 * KIB},
  'kernel-attempts': {body: 8 * KIB},
  meminfo: {body: 4 * KIB},
  done: {body: 0},
}

/** A frame name this table does not know (a newer probe's): an ordinary command's cap. */
const UNKNOWN_FRAME = {body: CMD_CAP}

/**
 * The most the probe sends in one frame named `name` (`X.stderr` for a stderr frame).
 * Bytes of the host; the body is compared in UTF-16 units, never more than its bytes.
 */
export function frameCap(name: string, maxLogBytes: number): number {
  const stderr = name.endsWith('.stderr')
  const spec = FRAME_CAPS[stderr ? name.slice(0, -'.stderr'.length) : name] ?? UNKNOWN_FRAME
  if (stderr) return spec.stderr ?? ERR_CAP
  return spec.body === LOG ? maxLogBytes : spec.body
}

/** `4 MiB`, `256 KiB`, `512 B`: sizes in messages. */
export function formatBytes(n: number): string {
  if (n >= KIB * KIB) return `${Math.round((n / (KIB * KIB)) * 10) / 10} MiB`
  if (n >= KIB) return `${Math.round((n / KIB) * 10) / 10} KiB`
  return `${n} B`
}
