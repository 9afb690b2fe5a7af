import type {Check} from '../types.js'

/**
 * `nginx: [emerg] MESSAGE in FILE:LINE` (src/core/ngx_conf_file.c ngx_conf_log_error), or,
 * once an error_log is open, the log form `YYYY/MM/DD HH:MM:SS [emerg] PID#TID: MESSAGE in FILE:LINE`.
 */
const EMERG_LINE = /\[(emerg|alert|crit)\] (?:\d+#\d+: )?(.*?)(?: in (\S+):(\d+))?$/

export const nginxConfigInvalid: Check = {
  needs: ['nginx-test'],
  meta: {
    id: 'nginx/config-invalid',
    severity: 'critical',
    summary: '`nginx -t` fails: the next reload or restart will not take the config',
    docs: {
      description:
        'The configuration on disk does not pass `nginx -t`. A running nginx keeps its old config, but the next reload is refused and a restart (or reboot) leaves the host with no nginx at all.',
      symptom: 'Today: nothing, or stale behaviour. After a restart: connection refused on every site.',
      fix: 'Fix the directive named by the [emerg] line (FILE:LINE), run `nginx -t` until it passes, then reload.',
      snippet: 'nginx -t\n# nginx: [emerg] unexpected "}" in /etc/nginx/sites-enabled/app:12',
    },
    messages: {
      invalid: 'nginx -t fails: {{message}}{{where}}',
    },
  },
  run(facts, context) {
    const {test} = facts.nginx
    if (!facts.nginx.installed) return
    if (!test) {
      context.skip('nginx -t could not be run')
      return
    }
    if (test.exitCode === 0) return
    const lines = test.stderr.split('\n').map((line) => line.trim()).filter(Boolean)
    const emerg = lines.map((line) => EMERG_LINE.exec(line)).find((match) => match !== null)
    context.report({
      messageId: 'invalid',
      data: {
        message: emerg ? emerg[2] : (lines[0] ?? `exit code ${test.exitCode}`),
        where: emerg && emerg[3] ? ` in ${emerg[3]}:${emerg[4]}` : '',
      },
      evidence: lines.slice(0, 5),
    })
  },
}
