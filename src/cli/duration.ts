import {UsageError} from './errors.js'

const UNIT_SECONDS: Record<string, number> = {s: 1, m: 60, h: 3600, d: 86400}

/**
 * A duration flag value → whole seconds: `30` (seconds), `5s`, `2m`, `1h`, `1d`.
 * Throws a usage error (exit 64) naming the flag.
 */
export function parseDurationSeconds(value: string, flag: string, bounds: {min: number; max: number}): number {
  const match = /^(\d{1,9})\s*(s|m|h|d)?$/.exec(value.trim())
  if (!match) throw new UsageError(`--${flag}: expected a duration like 30s, 2m or 1h (a bare number is seconds), got ${JSON.stringify(value)}`)
  const seconds = Number(match[1]) * UNIT_SECONDS[match[2] ?? 's']
  if (seconds < bounds.min || seconds > bounds.max) {
    throw new UsageError(`--${flag}: must be between ${bounds.min}s and ${bounds.max}s, got ${JSON.stringify(value)}`)
  }
  return seconds
}
