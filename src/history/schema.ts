/**
 * What a run history file must hold before anything uses it. A file that does not fit is
 * refused naming the file and the field, and is never overwritten: the operator decides.
 */
import {z} from 'zod'
import {EX_DATAERR} from '../report/exit-code.js'

export class HistoryError extends Error {
  readonly exitCode = EX_DATAERR
  constructor(message: string, options?: {cause?: unknown}) {
    super(message, options)
    this.name = 'HistoryError'
  }
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/

/** An ISO 8601 instant that is a real date (no NaN ever leaves a history file). */
export const isInstant = (value: unknown): value is string => typeof value === 'string' && ISO.test(value) && !Number.isNaN(Date.parse(value))

const instant = z.custom<string>(isInstant, {error: 'expected an ISO 8601 date-time like 2026-01-31T12:00:00.000Z'})
const text = z.string({error: 'expected a string'})

const finding = z.looseObject({
  check: text,
  severity: z.enum(['info', 'warning', 'critical'], {error: 'expected info, warning or critical'}),
  messageId: text,
  message: text,
  evidence: z.array(text, {error: 'expected a list of strings'}),
  fix: text,
})

const hostReport = z.looseObject({
  host: text,
  address: text,
  status: z.enum(['ok', 'info', 'warning', 'critical', 'unreachable'], {error: 'expected a host status'}),
  error: z.looseObject({kind: text, message: text}, {error: 'expected null or {kind, message}'}).nullable(),
  findings: z.array(finding, {error: 'expected a list of findings'}),
})

export const storedRunSchema = z.looseObject({
  version: z.literal(1, {error: 'expected version 1'}),
  key: text,
  savedAt: instant,
  inventory: text.optional(),
  selection: text.optional(),
  // Keyed by host names, which may be "__proto__": checked entry by entry in validateRun, not by a record schema.
  lastChecked: z.custom<Record<string, string>>((v) => v !== null && typeof v === 'object' && !Array.isArray(v), {
    error: 'expected a mapping of host names to date-times',
  }),
  report: z.looseObject({
    version: z.literal(1, {error: 'expected version 1'}),
    hosts: z.array(hostReport, {error: 'expected a list of hosts'}),
  }),
})

const fieldPath = (path: ReadonlyArray<PropertyKey>): string =>
  path.map((seg, i) => (typeof seg === 'number' ? `[${seg}]` : `${i ? '.' : ''}${String(seg)}`)).join('') || '(the file)'

/** Throws a HistoryError naming `file` and the first field at fault. */
export function validateRun(data: unknown, file: string): void {
  const fix = 'move it away (or delete it) to start over'
  const version = data !== null && typeof data === 'object' ? (data as {version?: unknown}).version : undefined
  if (version !== 1) throw new HistoryError(`run history ${file} has an unknown layout (version ${JSON.stringify(version) ?? 'missing'}); ${fix}`)
  const result = storedRunSchema.safeParse(data)
  if (!result.success) {
    const issue = result.error.issues[0]
    throw new HistoryError(`run history ${file}: ${fieldPath(issue.path)}: ${issue.message}; ${fix}`)
  }
  for (const [host, at] of Object.entries((data as {lastChecked: Record<string, unknown>}).lastChecked)) {
    if (!isInstant(at)) {
      throw new HistoryError(`run history ${file}: lastChecked[${JSON.stringify(host)}]: expected an ISO 8601 date-time, got ${JSON.stringify(at)}; ${fix}`)
    }
  }
}
