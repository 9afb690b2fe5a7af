import type {HostFacts} from '../../probe/facts.js'
import {unreadableAccessLogs} from '../log-access-formats.js'
import type {Check, CheckContext} from '../types.js'
import {groupBy, topCounts} from '../log-group.js'
import {DEFAULT_HEADER_BUFFERS, headerBuffers, serverName, type ServerBuffers} from '../log-header-buffers.js'
import {countText, describeWindow, logUnavailable, noteLogGaps, plural} from '../log-window.js'
import {windowedLogs} from '../windowed-logs.js'

/** `GET /a/b?x=1 HTTP/1.1` -> `/a/b`; anything else as logged. */
function requestPath(request: string | undefined): string {
  const target = request?.split(' ')[1]
  return target ? target.split('?')[0] : (request ?? '-')
}

const list = (items: string[], limit: number) => items.slice(0, limit).join(', ') + (items.length > limit ? ` and ${items.length - limit} more` : '')

export const nginxHeaderBuffers: Check = {
  // The config half and the access-log half judge independently; each skips on its own.
  needs: [],
  uses: ['nginx-access-log', 'nginx-config'],
  meta: {
    id: 'nginx/header-buffers',
    severity: 'warning',
    summary: 'Client request headers do not fit large_client_header_buffers (400 responses)',
    docs: {
      description:
        'A request line or any single header (typically Cookie) must fit in one large_client_header_buffers buffer; the default is 4 8k. A smaller value rejects ordinary browsers with big cookies. The request line and the headers before Host are read with the buffers of the DEFAULT server of the listen socket, so a value set in another server block does not cover them. The matching error-log line is logged at `info` (invisible by default), so 400s are counted in the access log.',
      symptom: '400 Bad Request "Request Header Or Cookie Too Large" (414 for a too long request line); the request never reaches PHP.',
      fix: 'Remove the override or raise it to at least the default, in the http block or in the default server of each listen socket.',
      snippet: 'http {\n    large_client_header_buffers 4 16k;   # at least 4 8k; in http {} or the default_server\n}',
    },
    messages: {
      small: 'large_client_header_buffers {{value}} at {{at}} is below the default 4 8k for {{servers}}{{viaDefault}}',
      overridden:
        'server {{server}} sets large_client_header_buffers {{value}} at {{at}}, but the default server {{defaultServer}} of {{listen}} reads the request line and headers before Host with {{defaultValue}}',
      responses: '{{count}} in the last {{window}} ({{paths}}){{cause}}',
    },
  },
  run(facts, context) {
    const {small, overridden} = configFindings(facts, context)
    const unavailable = logUnavailable(facts, 'nginxAccess')
    if (unavailable === 'absent') return
    if (unavailable) return context.skip(unavailable)
    noteLogGaps(facts, 'nginxAccess', context)
    const rejected = windowedLogs(facts).nginxAccess.filter((entry) => entry.status === 400)
    // A log whose format fleet cannot read is never "no 400s".
    const unreadable = unreadableAccessLogs(facts.nginx.config, facts.logs.nginxAccess)
    const gaps = unreadable.map(({path, reason}) => `${path}: ${reason}`).join('; ')
    if (rejected.length === 0) {
      if (unreadable.length > 0) context.skip(`400 responses not counted: access-log format not readable (${gaps})`)
      return
    }
    context.report({
      messageId: 'responses',
      // Without a small or overridden buffer the 400s may be other malformed requests (scanners): context only.
      severity: small.length > 0 || overridden.length > 0 ? 'warning' : 'info',
      data: {
        count: plural(unreadable.length > 0 ? `at least ${rejected.length}` : countText(rejected.length, facts.logs.nginxAccess), '400 response'),
        window: describeWindow(facts.windowSeconds),
        paths: topCounts(
          rejected.map((entry) => requestPath(entry.request)),
          3,
        ),
        cause:
          small.length > 0
            ? `; large_client_header_buffers is below the default at ${list([...new Set(small.map((entry) => entry.at!))], 2)}`
            : overridden.length > 0
              ? `; headers sent before Host are read with the default server's smaller buffers for ${list(overridden.map((entry) => `server ${serverName(entry.server)}`), 2)}`
              : '; large_client_header_buffers is at least the default everywhere, so other bad requests are likely',
      },
      evidence: [rejected[rejected.length - 1].raw],
    })
  },
}

/** Reports the config side; returns the servers whose buffers are too small, or cut by their default server. */
function configFindings(facts: HostFacts, context: CheckContext): {small: ServerBuffers[]; overridden: ServerBuffers[]} {
  const config = facts.nginx.config
  const overridden: ServerBuffers[] = []
  if (!config) {
    if (facts.nginx.installed) context.skip('nginx config could not be read: large_client_header_buffers not judged')
    return {small: [], overridden}
  }
  const {buffers, defaults} = headerBuffers(config)
  const small = buffers.filter((entry) => entry.small && entry.at !== null)
  // One finding per directive: an http-level value is shared by every server.
  for (const [at, users] of groupBy(small, (entry) => entry.at!)) {
    const usersSet = new Set(users)
    const others = defaults.filter((link) => usersSet.has(link.defaultServer) && !usersSet.has(link.server))
    const otherServers = [...new Set(others.map((link) => link.server))]
    context.report({
      messageId: 'small',
      data: {
        value: users[0].value,
        at,
        servers: list(
          users.map((entry) => `server ${serverName(entry.server)}`),
          3,
        ),
        viaDefault:
          otherServers.length > 0
            ? `; as default server of ${[...new Set(others.map((link) => link.listen))].join(', ')} it also limits the request line and headers before Host of ${plural(otherServers.length, 'other server')}`
            : '',
      },
      evidence: [`${at}: large_client_header_buffers ${users[0].value};`, ...users.slice(0, 3).map((entry) => `server ${serverName(entry.server)} listen ${entry.server.listen.map((l) => l.address).join(' ')}`)],
    })
  }
  // A non-default server that raised its buffers is still limited by its default server for the request line.
  for (const link of defaults) {
    const {server, defaultServer} = link
    if (server.at === null || server.small || server.at === defaultServer.at) continue
    if (!narrower(defaultServer, server)) continue
    overridden.push(server)
    context.report({
      messageId: 'overridden',
      severity: 'info',
      data: {
        server: serverName(server.server),
        value: server.value,
        at: server.at,
        defaultServer: serverName(defaultServer.server),
        listen: link.listen,
        defaultValue: defaultServer.at ? `${defaultServer.value} (${defaultServer.at})` : `the default ${DEFAULT_HEADER_BUFFERS.text}`,
      },
      evidence: [`${server.at}: large_client_header_buffers ${server.value};`, `default server of ${link.listen}: ${serverName(defaultServer.server)}`],
    })
  }
  return {small, overridden}
}

/** The default server's buffer is smaller (in size or number) than what the server asked for. */
function narrower(defaultServer: ServerBuffers, server: ServerBuffers): boolean {
  if (defaultServer.size === null || server.size === null || defaultServer.count === null || server.count === null) return false
  return defaultServer.size < server.size || defaultServer.count < server.count
}
