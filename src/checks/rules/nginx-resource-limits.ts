import type {NginxErrorEntry} from '../../logs/index.js'
import {effective} from '../../nginx/query.js'
import type {NginxConfig} from '../../nginx/types.js'
import type {Check} from '../types.js'
import {countText, describeWindow, logUnavailable, plural} from '../log-window.js'
import {windowedLogs, type Located} from '../windowed-logs.js'

/**
 * nginx's own words (src/event/ngx_event_accept.c, src/core/ngx_connection.c
 * `ngx_get_connection`: `%ui worker_connections are not enough`; any syscall
 * failing with EMFILE (24) or ENOSPC (28) logs `(24: ...)` / `(28: ...)`).
 */
const CLASSES = [
  {id: 'connections', label: 'worker_connections are not enough', test: (entry: NginxErrorEntry) => /^\d+ worker_connections are not enough/.test(entry.message)},
  {id: 'files', label: 'too many open files (24)', test: (entry: NginxErrorEntry) => entry.errno === 24},
  {id: 'disk', label: 'no space left on device (28)', test: (entry: NginxErrorEntry) => entry.errno === 28},
] as const

const DEFAULTS: Record<string, string> = {worker_connections: '512', worker_rlimit_nofile: 'not set (the soft RLIMIT_NOFILE nginx was started with)'}

export const nginxResourceLimits: Check = {
  needs: ['nginx-error-log'],
  meta: {
    id: 'nginx/resource-limits',
    severity: 'warning',
    summary: 'nginx ran out of connections, file descriptors or disk space in the window',
    docs: {
      description:
        'nginx hit a resource limit: every worker connection slot was taken (`worker_connections are not enough`; each proxied request takes two), the open-file limit (`24: Too many open files`: connections, upstream sockets, open files and logs all count), or the disk its temp files and logs live on is full (`28: No space left on device`).',
      symptom: 'Connections refused or reset, 500 Internal Server Error (a request body or upstream response cannot be buffered to a temp file), 502/504 on bursts.',
      fix: 'Raise worker_connections (events {}) and worker_rlimit_nofile together (rlimit at least 2 x worker_connections), and LimitNOFILE= in the systemd unit; for (28), free space on the filesystem of nginx\'s temp paths and logs (see system/disk-full).',
      snippet: 'worker_rlimit_nofile 8192;\nevents {\n    worker_connections 4096;\n}\n# systemctl edit nginx -> [Service] LimitNOFILE=8192',
    },
    // One messageId per class: the cause line relates `disk` (28) to system/disk-full only.
    messages: {
      connections: '{{label}}: {{count}} in the last {{window}}; {{settings}}',
      files: '{{label}}: {{count}} in the last {{window}}; {{settings}}',
      disk: '{{label}}: {{count}} in the last {{window}}; {{settings}}',
    },
  },
  run(facts, context) {
    const unavailable = logUnavailable(facts, 'nginxError')
    if (unavailable === 'absent') return
    if (unavailable) return context.skip(unavailable)
    const entries = windowedLogs(facts).nginxError
    const settings = describeSettings(facts.nginx.config)
    for (const kind of CLASSES) {
      const hits: Array<Located<NginxErrorEntry>> = entries.filter(kind.test)
      if (hits.length === 0) continue
      context.report({
        messageId: kind.id,
        data: {
          label: kind.label,
          count: plural(countText(hits.length, facts.logs.nginxError), 'line'),
          window: describeWindow(facts.windowSeconds),
          settings: settings.map((setting) => setting.text).join(', '),
        },
        evidence: [hits[hits.length - 1].raw, ...settings.flatMap((setting) => (setting.line ? [setting.line] : []))],
      })
    }
  },
}

function describeSettings(config: NginxConfig | null): Array<{text: string; line?: string}> {
  if (!config) return [{text: 'worker_connections and worker_rlimit_nofile unknown (nginx config not read)'}]
  const events = config.tree.filter((node) => node.directive === 'events')
  return (['worker_connections', 'worker_rlimit_nofile'] as const).map((name) => {
    const value = effective(config, name === 'worker_connections' ? events.slice(-1) : [], name)
    if (value.isDefault || !value.file) return {text: `${name} ${DEFAULTS[name]}${name === 'worker_connections' ? ' (default)' : ''}`}
    return {text: `${name} ${value.args.join(' ')} (${value.file}:${value.line})`, line: `${value.file}:${value.line}: ${name} ${value.args.join(' ')};`}
  })
}
