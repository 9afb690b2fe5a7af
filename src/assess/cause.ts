import {SEVERITY_RANK, type Finding} from '../checks/types.js'
import {counts} from '../report/status.js'

/**
 * Which finding explains which: a root cause is a finding that no other finding on
 * the same host explains. Order matters only to break ties between equal roots.
 * An entry `CHECK#MESSAGEID` explains only that kind of the check's findings.
 */
const EXPLAINS: ReadonlyArray<{cause: string; explains: readonly string[]}> = [
  {cause: 'host/unreachable', explains: []},
  {cause: 'nginx/config-invalid', explains: ['nginx/service-down']},
  {cause: 'fpm/config-invalid', explains: ['fpm/service-down', 'upstream/socket-missing', 'upstream/refused', 'nginx/upstream-errors']},
  {cause: 'system/oom-kill', explains: ['fpm/child-killed', 'fpm/service-down', 'upstream/socket-missing', 'upstream/refused', 'nginx/upstream-errors']},
  // A full disk: nginx's `(28: No space left on device)`, an FPM that could not create its socket, PHP failing to write sessions.
  {cause: 'system/disk-full', explains: ['nginx/resource-limits#disk', 'fpm/service-down', 'upstream/socket-missing', 'upstream/refused', 'nginx/upstream-errors', 'php/fatal-errors#other']},
  {cause: 'fpm/service-down', explains: ['upstream/socket-missing', 'upstream/refused', 'nginx/upstream-errors']},
  {cause: 'upstream/socket-mismatch', explains: ['upstream/socket-missing', 'nginx/upstream-errors']},
  {cause: 'upstream/socket-permission', explains: ['nginx/upstream-errors']},
  {cause: 'fpm/memory-overcommit', explains: ['system/oom-kill']},
  {cause: 'fpm/max-children-reached', explains: ['upstream/backlog-full', 'fpm/seems-busy', 'nginx/upstream-errors']},
  {cause: 'timeouts/order', explains: ['nginx/upstream-errors', 'fpm/request-terminated']},
]

/** The most likely root cause on one host, in plain words, or null when nothing is wrong. */
export function rootCause(findings: Finding[]): string | null {
  // Waived findings and those resolved since the last run explain nothing today.
  const serious = findings.filter((finding) => finding.severity !== 'info' && counts(finding))
  if (serious.length === 0) return null
  const present = new Set(serious.map((finding) => finding.check))
  const explainedBy = (finding: Finding) =>
    EXPLAINS.find(
      (rule) =>
        rule.cause !== finding.check &&
        present.has(rule.cause) &&
        (rule.explains.includes(finding.check) || rule.explains.includes(`${finding.check}#${finding.messageId}`)),
    )?.cause
  const roots = serious.filter((finding) => explainedBy(finding) === undefined)
  const candidates = roots.length > 0 ? roots : serious
  const order = (check: string) => {
    const index = EXPLAINS.findIndex((rule) => rule.cause === check)
    return index === -1 ? EXPLAINS.length : index
  }
  candidates.sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || order(a.check) - order(b.check))
  const root = candidates[0]
  const consequences = serious.filter((finding) => finding !== root && explainedBy(finding) === root.check)
  const tail = consequences.length > 0 ? ` (explains ${[...new Set(consequences.map((finding) => finding.check))].join(', ')})` : ''
  return `${root.check}: ${root.message}${tail}`
}
