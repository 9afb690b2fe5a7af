import {UsageError} from './errors.js'

const UNIT_SECONDS: Record<string, number> = {s: 1, m: 60, h: 3600, d: 86400, w: 604800}

/**
 * The longest window: ten years. A longer one is no log window at all, and past 2^53
 * seconds it is not even a whole number any more (the probe would refuse it on every
 * host, leaving the whole fleet unreachable).
 */
export const MAX_SINCE_SECONDS = 3650 * 86400

/** `--since 15m|1h|24h|2d` → seconds; a clear usage error (exit 64) names the flag and the bad value. */
export function parseSince(value: string): number {
  const shown = JSON.stringify(value)
  const match = /^(\d+)\s*([smhdw]?)$/.exec(value.trim())
  if (!match) throw new UsageError(`--since: expected a duration like 15m, 1h, 24h or 2d, or "last", got ${shown}`)
  const seconds = Number(match[1]) * UNIT_SECONDS[match[2] || 's']
  if (seconds <= 0) throw new UsageError(`--since: the window must be longer than 0, got ${shown}`)
  if (!Number.isSafeInteger(seconds) || seconds > MAX_SINCE_SECONDS) {
    throw new UsageError(`--since: the window may be at most 3650d (ten years), got ${shown}`)
  }
  return seconds
}
