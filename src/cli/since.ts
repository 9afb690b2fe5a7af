const UNIT_SECONDS: Record<string, number> = {s: 1, m: 60, h: 3600, d: 86400, w: 604800}

/** `--since 15m|1h|24h|2d` → seconds; a clear error names the flag and the bad value. */
export function parseSince(value: string): number {
  const match = /^(\d+)\s*([smhdw]?)$/.exec(value.trim())
  if (!match) throw new Error(`--since: expected a duration like 15m, 1h, 24h or 2d, got "${value}"`)
  const seconds = Number(match[1]) * UNIT_SECONDS[match[2] || 's']
  if (seconds <= 0) throw new Error(`--since: the window must be longer than 0, got "${value}"`)
  return seconds
}
