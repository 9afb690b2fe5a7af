import type {HostFacts} from '../probe/facts.js'
import type {FactNeed} from './needs.js'

export type Severity = 'critical' | 'warning' | 'info'

export const SEVERITY_RANK: Record<Severity, number> = {info: 1, warning: 2, critical: 3}

/** One problem on one host, as promised by ../shared/docs/checks.md. */
export interface Finding {
  /** Check ID from the catalog; never renamed once shipped. */
  check: string
  severity: Severity
  /** Stable id of the message template (for tests and waivers), like ESLint's messageId. */
  messageId: string
  /** One line naming the concrete thing (FILE:LINE, socket path, pool, count). */
  message: string
  /** Raw lines the finding rests on, trimmed. */
  evidence: string[]
  fix: string
  /** Set by src/waivers: an accepted, unexpired waiver covers this finding (it no longer counts). */
  waived?: FindingWaiver
  /** Set by src/history diffReports: relation to the previous run of the same selection. */
  change?: FindingChange
  /** With change 'changed': the severity the previous run gave this finding. */
  previousSeverity?: Severity
}

export interface FindingWaiver {
  justification: string
  /** YYYY-MM-DD, last day the waiver applies. */
  expires: string
  /** `FILE:LINE` of the waiver entry. */
  source: string
}

/**
 * 'removed' findings are kept in the report only to show what went away; they never count.
 * 'changed': the same finding as last run with another severity (see previousSeverity).
 */
export type FindingChange = 'added' | 'removed' | 'unchanged' | 'changed'

export interface CheckDocs {
  /** What it means, why it causes the symptom (502/504/404/400), how to fix it. */
  description: string
  symptom: string
  fix: string
  /** Config snippet showing the fix. */
  snippet?: string
}

export interface CheckMeta {
  id: string
  severity: Severity
  summary: string
  docs: CheckDocs
  /** messageId => template with {{placeholders}}. */
  messages: Record<string, string>
}

export interface CheckContext {
  /** Report a finding; severity defaults to meta.severity. */
  report(finding: {
    messageId: string
    data?: Record<string, string | number>
    evidence?: string[]
    fix?: string
    severity?: Severity
  }): void
  /** The facts this check needs are missing: it says so instead of guessing. */
  skip(reason: string): void
}

/** A check is a pure function of facts: it never prints, never opens SSH, never reads files. */
export interface Check {
  meta: CheckMeta
  /**
   * The facts the check judges on (a nested list: any one of them is enough). When one
   * could not be collected, runChecks() skips the check with the reason instead of running it.
   */
  needs: ReadonlyArray<FactNeed | readonly FactNeed[]>
  /**
   * Facts the check reads for one part of its judgement while other parts go on without
   * them: the check itself skips that part, with the reason, when one is missing.
   */
  uses?: readonly FactNeed[]
  run(facts: HostFacts, context: CheckContext): void
}

export interface CheckOutcome {
  findings: Finding[]
  skipped: Array<{check: string; reason: string}>
}
