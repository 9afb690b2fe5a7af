import {formatMessage} from '../run-checks.js'
import type {Finding} from '../types.js'
import type {FleetCheck, FleetGroup} from './types.js'

/** Runs the cross-host checks over the groups; findings by host name. A check that throws reports nothing. */
export function runFleetChecks(checks: readonly FleetCheck[], groups: readonly FleetGroup[], warn?: (message: string) => void): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>()
  for (const check of checks) {
    const {meta} = check
    const found: Array<[string, Finding]> = []
    try {
      check.run(groups, {
        report(host, {messageId, data, evidence = [], severity}) {
          const template = meta.messages[messageId]
          if (template === undefined) throw new Error(`check ${meta.id} reported unknown messageId "${messageId}"`)
          found.push([
            host,
            {
              check: meta.id,
              severity: severity ?? meta.severity,
              messageId,
              message: formatMessage(template, data),
              evidence: evidence.map((line) => line.trim()).filter(Boolean),
              fix: meta.docs.fix,
            },
          ])
        },
      })
    } catch (error) {
      warn?.(`${meta.id}: internal error: ${(error as Error).message}`)
      continue
    }
    for (const [host, finding] of found) {
      const list = out.get(host)
      if (list) list.push(finding)
      else out.set(host, [finding])
    }
  }
  return out
}
