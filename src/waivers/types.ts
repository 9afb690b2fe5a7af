/** One accepted risk: findings of `check` on matching hosts do not count until `expires`. */
export interface Waiver {
  /** Check id, or a glob over check ids (`fpm/*`). */
  check: string
  /** Host patterns (Ansible-style: globs, `!`/`&`, `~regex`, groups, `web[01:03]` ranges). */
  hosts: string[]
  justification: string
  /** YYYY-MM-DD, the last day the waiver applies. */
  expires: string
  /** `FILE:LINE` of the entry, quoted in reports. */
  source: string
}

export const WAIVER_EXPIRED_CHECK = 'fleet/waiver-expired'
