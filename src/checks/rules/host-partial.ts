import type {Check} from '../types.js'

export const hostPartial: Check = {
  needs: [],
  meta: {
    id: 'host/partial',
    severity: 'info',
    summary: 'A fact could not be collected; the checks that needed it were skipped',
    docs: {
      description:
        'The probe could not read one of the facts it collects (no permission, a missing tool, no systemd, a kernel log closed to containers). Checks that needed that fact say "skipped" instead of guessing.',
      symptom: 'None by itself; it means a cause may be hidden.',
      fix: 'Run the probe with enough rights (root or sudo), or install the missing tool; the kernel log needs CAP_SYSLOG.',
    },
    messages: {
      partial: '{{fact}} not collected: {{reason}}',
    },
  },
  run(facts, context) {
    for (const {fact, reason} of facts.partial) {
      context.report({messageId: 'partial', data: {fact, reason}, evidence: [reason]})
    }
  },
}
