import type {Check} from '../types.js'
import {isRunning, serviceEvidence} from '../service-state.js'

export const nginxServiceDown: Check = {
  needs: ['nginx-service'],
  meta: {
    id: 'nginx/service-down',
    severity: 'critical',
    summary: 'nginx is installed but not running',
    docs: {
      description: 'The nginx unit is installed on the host but its service is not active, so nothing listens on ports 80/443.',
      symptom: 'Clients get "connection refused" (no HTTP status at all); a load balancer marks the host down.',
      fix: 'Find why it stopped (`journalctl -u nginx`, `nginx -t`), fix the config if it fails, then `systemctl start nginx`.',
      snippet: 'nginx -t && systemctl start nginx\njournalctl -u nginx --since -1h',
    },
    messages: {
      down: 'nginx is {{state}} ({{detail}})',
    },
  },
  run(facts, context) {
    const {nginx} = facts
    if (!nginx.installed) return
    if (nginx.service.active === 'unknown') {
      context.skip('nginx service state could not be read')
      return
    }
    if (isRunning(nginx.service)) return
    context.report({
      messageId: 'down',
      data: {state: nginx.service.active, detail: describeStop(nginx.service.subState, nginx.service.result)},
      evidence: serviceEvidence(nginx.service),
    })
  },
}

function describeStop(subState?: string, result?: string): string {
  const parts = [subState && `sub-state ${subState}`, result && result !== 'success' && `result ${result}`].filter(Boolean)
  return parts.length > 0 ? parts.join(', ') : 'no further detail'
}
