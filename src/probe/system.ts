import type {HostFacts, PartialFact} from './facts.js'
import type {Frame} from './frames.js'
import {keyValues, toInt} from './text.js'
import {isKnownZone} from '../logs/local-time.js'

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
      // `tz=Europe/Berlin` (contract item 1): kept only when it is a zone name Node knows; else utc_offset is used.
      ...(kv.tz !== undefined && isKnownZone(kv.tz) ? {timeZone: kv.tz} : {}),
    },
    windowSeconds: toInt(kv.window) ?? 0,
    uid: toInt(kv.uid),
    user: kv.user || undefined,
  }
}
