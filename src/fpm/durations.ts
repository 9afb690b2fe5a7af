/**
 * FPM time values -> seconds.
 * php-src sapi/fpm/fpm/fpm_conf.c `fpm_conf_set_time`: a bare number is seconds,
 * the suffixes are s, m, h, d (one letter, no spaces); anything else is
 * "unknown suffix used in time value" and FPM refuses to start.
 */
const UNIT_SECONDS: Record<string, number> = {s: 1, m: 60, h: 3600, d: 86_400}

/** Seconds for an FPM time value, or null when FPM itself would reject it. */
export function parseFpmDuration(value: string): number | null {
  const match = /^\s*(\d+)([smhd]?)\s*$/.exec(value)
  if (!match) return null
  const unit = match[2] === '' ? 1 : UNIT_SECONDS[match[2]]
  return Number(match[1]) * unit
}
