import {effective, locations, servers, type LocationInfo, type ServerInfo} from '../../nginx/query.js'
import type {NginxConfig} from '../../nginx/types.js'
import type {Check} from '../types.js'
import {locationLabel, ownDirectives, serverLabel} from '../config-php-locations.js'
import {groupBy, topCounts} from '../log-group.js'
import {countText, describeWindow, logUnavailable, plural} from '../log-window.js'
import {fastcgiStderr} from '../php-messages.js'
import {windowedLogs} from '../windowed-logs.js'

/** php-src main/fopen_wrappers.c / sapi/fpm: the script named by SCRIPT_FILENAME does not exist (or cannot be opened). */
const UNKNOWN = 'Primary script unknown'

export const phpScriptNotFound: Check = {
  needs: ['nginx-error-log'],
  meta: {
    id: 'php/script-not-found',
    severity: 'warning',
    summary: 'PHP-FPM answered "File not found." because SCRIPT_FILENAME names no file',
    docs: {
      description:
        'nginx handed a request to PHP-FPM with a SCRIPT_FILENAME that names no file FPM can open, so FPM answered 404 "File not found." and logged `Primary script unknown` to nginx. SCRIPT_FILENAME is usually `$document_root$fastcgi_script_name`: the location\'s effective `root` decides where PHP looks. Usual causes: `root` set only in another location, a wrong `$document_root` after a deploy (a stale symlink, a release directory that is gone), an `alias` in the PHP location, or a chroot/container whose paths differ.',
      symptom: '404 with the body "File not found." for PHP pages (static files may still work).',
      fix: 'Make the PHP location\'s effective root the directory that holds the scripts (set root at server level), and SCRIPT_FILENAME `$document_root$fastcgi_script_name` (fastcgi.conf); check the path exists on the FPM side (`ls -l ROOT/index.php`).',
      snippet: 'server {\n    root /var/www/app/public;\n    location ~ \\.php$ {\n        include snippets/fastcgi-php.conf;   # SCRIPT_FILENAME $document_root$fastcgi_script_name\n        fastcgi_pass unix:/run/php/php8.2-fpm.sock;\n    }\n}',
    },
    messages: {
      unknown: '{{count}} answered "File not found." (Primary script unknown) in the last {{window}} on {{server}}: {{requests}}{{where}}',
    },
  },
  run(facts, context) {
    const unavailable = logUnavailable(facts, 'nginxError')
    if (unavailable === 'absent') return
    if (unavailable) return context.skip(unavailable)
    const entries = windowedLogs(facts).nginxError.filter((entry) => fastcgiStderr(entry.message)?.trim() === UNKNOWN)
    for (const [server, hits] of groupBy(entries, (entry) => entry.server ?? '')) {
      const config = facts.nginx.config
      const where = config ? phpLocationsOf(config, server) : []
      context.report({
        messageId: 'unknown',
        data: {
          count: plural(countText(hits.length, facts.logs.nginxError), 'request'),
          window: describeWindow(facts.windowSeconds),
          server: server ? `server ${server}` : 'a server nginx did not name',
          requests: topCounts(
            hits.map((entry) => entry.request?.split(' ')[1]?.split('?')[0] ?? '?'),
            3,
          ),
          where: where.length > 0 ? `; ${where[0].summary}` : config ? '' : ' (nginx config not read: root unknown)',
        },
        evidence: [...hits.slice(-2).map((entry) => entry.raw), ...where.slice(0, 2).flatMap((location) => location.evidence)],
      })
    }
  },
}

interface PhpLocationRoot {
  summary: string
  evidence: string[]
}

/** The locations that pass to FastCGI in the server(s) nginx logged, with their effective root and SCRIPT_FILENAME. */
function phpLocationsOf(config: NginxConfig, name: string): PhpLocationRoot[] {
  const named = servers(config).filter((server) => server.serverNames.includes(name))
  return named.flatMap((server) =>
    locations(server)
      .filter((location) => ownDirectives(location.node, 'fastcgi_pass').length > 0)
      .map((location) => describe(config, server, location)),
  )
}

function describe(config: NginxConfig, server: ServerInfo, location: LocationInfo): PhpLocationRoot {
  const root = effective(config, location.chain, 'root')
  const alias = effective(config, location.chain, 'alias')
  // nginx sends every fastcgi_param it is given, duplicates too; FPM stores them
  // in a hash as they arrive (php-src main/fastcgi.c fcgi_hash_set), so the LAST
  // SCRIPT_FILENAME is the one PHP looked for (a site's own line after
  // `include fastcgi.conf` overrides fastcgi.conf's).
  const param = effective(config, location.chain, 'fastcgi_param').values.findLast((value) => value.args[0] === 'SCRIPT_FILENAME')
  const rootText = alias.isDefault || alias.inherited ? `root ${root.args.join(' ')}${root.isDefault ? ' (default)' : ''}` : `alias ${alias.args.join(' ')}`
  const rootAt = alias.isDefault || alias.inherited ? (root.file ? `${root.file}:${root.line}` : 'not set') : `${alias.file}:${alias.line}`
  const script = param ? `SCRIPT_FILENAME ${param.args.slice(1).join(' ')} (${param.file}:${param.line})` : 'no SCRIPT_FILENAME passed'
  return {
    summary: `${locationLabel(location)} uses ${rootText} (${rootAt}), ${script}`,
    evidence: [
      `${serverLabel(server)}: ${locationLabel(location)}`,
      root.file ? `${root.file}:${root.line}: root ${root.args.join(' ')};` : `root not set: nginx's default ${root.args.join(' ')}`,
      ...(param ? [`${param.file}:${param.line}: fastcgi_param ${param.args.join(' ')};`] : []),
    ],
  }
}
