import type {Check} from '../types.js'

export const hostPartial: Check = {
  needs: [],
  meta: {
    id: 'host/partial',
    severity: 'info',
    summary: 'A fact could not be collected; the checks that needed it were skipped',
    docs: {
      description:
        'The probe could not read one of the facts it collects (no permission, a missing tool, no systemd, a kernel log closed to containers), or a log goes where fleet cannot read it on the host (stderr or a file descriptor of a container, a remote syslog server, an access-log format with no readable status or time). Checks that needed that fact say "skipped" instead of guessing.',
      symptom: 'None by itself; it means a cause may be hidden.',
      fix: 'Run the probe with enough rights (root or sudo), or install the missing tool; the kernel log needs CAP_SYSLOG. For a log sent off the host, also write it to a file (or the local journal, `syslog:server=unix:/dev/log` / `error_log = syslog`) that fleet can read.',
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
