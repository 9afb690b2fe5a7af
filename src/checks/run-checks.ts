import type {HostFacts} from '../probe/facts.js'
import {unmetNeed} from './needs.js'
import type {Check, CheckOutcome, Finding} from './types.js'

/** Replaces {{name}} placeholders; a missing value is left visible so a test catches it. */
export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => (key in data ? String(data[key]) : whole))
}

/** Runs every check over one host's facts. A check that throws becomes a skip, never a crash of the run. */
export function runChecks(checks: readonly Check[], facts: HostFacts): CheckOutcome {
  const outcome: CheckOutcome = {findings: [], skipped: []}
  for (const check of checks) {
    const {meta} = check
    const unmet = unmetNeed(check.needs, facts)
    if (unmet !== null) {
      outcome.skipped.push({check: meta.id, reason: unmet})
      continue
    }
    try {
      check.run(facts, {
        report({messageId, data, evidence = [], fix, severity}) {
          const template = meta.messages[messageId]
          if (template === undefined) throw new Error(`check ${meta.id} reported unknown messageId "${messageId}"`)
          const finding: Finding = {
            check: meta.id,
            severity: severity ?? meta.severity,
            messageId,
            message: formatMessage(template, data),
            evidence: evidence.map((line) => line.trim()).filter(Boolean),
            fix: fix ?? meta.docs.fix,
          }
          outcome.findings.push(finding)
        },
        skip(reason) {
          outcome.skipped.push({check: meta.id, reason})
        },
      })
    } catch (error) {
      outcome.skipped.push({check: meta.id, reason: `internal error: ${(error as Error).message}`})
    }
  }
  return outcome
}
