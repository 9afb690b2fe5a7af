import type {HostFacts, PartialFact} from './facts.js'
import type {Frame} from './frames.js'
import {keyValues, toInt} from './text.js'

export interface SystemInfo {
  system: HostFacts['system']
  windowSeconds: number
  /** Effective uid the probe ran as (root unless sudo was off). */
  uid?: number
  user?: string
}

/** The `system` frame: `key=value` lines written by the probe. */
export function parseSystem(frame: Frame | undefined, partial: PartialFact[]): SystemInfo {
  if (!frame) partial.push({fact: 'system', reason: 'system section missing from probe output'})
  const kv = keyValues(frame?.body ?? '')
  return {
    system: {
      hostname: kv.hostname ?? '',
      now: toInt(kv.now) ?? 0,
      utcOffset: /^[+-]\d{4}$/.test(kv.utc_offset ?? '') ? kv.utc_offset : '+0000',
      init: kv.init === 'systemd' ? 'systemd' : 'other',
      kernel: kv.kernel ?? '',
    },
    windowSeconds: toInt(kv.window) ?? 0,
    uid: toInt(kv.uid),
    user: kv.user || undefined,
  }
}
