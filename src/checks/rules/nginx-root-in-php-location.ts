import {effective, locations, servers} from '../../nginx/query.js'
import type {NginxDirective} from '../../nginx/types.js'
import type {Check} from '../types.js'
import {isPhpLocation, locationLabel, ownDirectives, serverLabel} from '../config-php-locations.js'
import {nginxConfigOrSkip} from '../nginx-config.js'

/** Directives that make a location answer without reading files under `root`. */
const NOT_FROM_ROOT = [
  'alias',
  'return',
  'proxy_pass',
  'fastcgi_pass',
  'uwsgi_pass',
  'scgi_pass',
  'grpc_pass',
  'memcached_pass',
  'content_by_lua_block',
  'content_by_lua_file',
  'content_by_lua',
  'stub_status',
  'empty_gif',
]
/** How many falling-back locations the message names. */
const NAMED = 2

export const nginxRootInPhpLocation: Check = {
  needs: ['nginx-config'],
  meta: {
    id: 'nginx/root-in-php-location',
    severity: 'warning',
    summary: 'A server sets `root` only inside its PHP location; every other request uses the default root',
    docs: {
      description:
        "`root` is inherited downwards only: set inside `location ~ \\.php$`, it applies to PHP scripts alone. Every other location of the server (and requests that match none) falls back to the compiled-in default `html` under nginx's --prefix (/usr/share/nginx/html on Debian), so static files and `try_files $uri` checks look in the wrong directory.",
      symptom:
        '404 Not Found for static files (css, js, images, robots.txt), or the front controller answering for them through a `try_files ... /index.php` fallback; nginx logs `open() "/usr/share/nginx/html/..." failed (2: No such file or directory)`.',
      fix: 'Move `root` up to the server block (and drop it from the PHP location), so every location shares it; then `nginx -t && systemctl reload nginx`.',
      snippet:
        'server {\n    root /var/www/app/public;   # here, not in the PHP location\n    location / { try_files $uri $uri/ /index.php?$query_string; }\n    location ~ \\.php$ { include snippets/fastcgi-php.conf; fastcgi_pass unix:/run/php/php8.2-fpm.sock; }\n}',
    },
    messages: {
      rootInPhp: '{{server}} sets root {{root}} only in {{location}} ({{at}}): other requests ({{others}}) fall back to the default root {{fallback}}',
    },
  },
  run(facts, context) {
    const config = nginxConfigOrSkip(facts, context)
    if (!config) return
    for (const server of servers(config)) {
      const serverRoot = effective(config, server.chain, 'root')
      if (!serverRoot.isDefault) continue
      const all = locations(server)
      // Outermost first: a PHP location nested in /admin/ is the exception, not the site's root.
      const php = all
        .filter((location) => isPhpLocation(location) && ownDirectives(location.node, 'root').length > 0)
        .sort((a, b) => a.chain.length - b.chain.length)
      if (php.length === 0) continue
      const phpNodes = new Set(php.map((location) => location.node))
      const insidePhp = (chain: NginxDirective[]) => chain.some((node) => phpNodes.has(node))
      const fallbacks = all.filter(
        (location) =>
          location.modifier !== '@' &&
          !insidePhp(location.chain) &&
          effective(config, location.chain, 'root').isDefault &&
          !NOT_FROM_ROOT.some((name) => ownDirectives(location.node, name).length > 0),
      )
      // With a `location /` every request matches some location: only the fallbacks use html.
      const catchAll = all.some((location) => !location.parent && location.modifier === '' && location.pattern === '/')
      if (fallbacks.length === 0 && catchAll) continue
      const [first] = php
      const root = ownDirectives(first.node, 'root')[0]
      const named = fallbacks.slice(0, NAMED).map(locationLabel)
      if (fallbacks.length > NAMED) named.push(`${fallbacks.length - NAMED} more locations`)
      context.report({
        messageId: 'rootInPhp',
        data: {
          server: serverLabel(server),
          root: root.args.join(' '),
          location: `location ${first.node.args.join(' ')}`,
          at: `${root.file}:${root.line}`,
          others: named.length > 0 ? named.join(', ') : 'matching no location',
          fallback: serverRoot.args.join(' '),
        },
        evidence: [
          ...php.slice(0, NAMED + 1).map((location) => {
            const [own] = ownDirectives(location.node, 'root')
            return `${own.file}:${own.line}: root ${own.args.join(' ')}; (inside location ${location.node.args.join(' ')})`
          }),
          `${server.file}:${server.line}: server block sets no root (nor does http)`,
          ...fallbacks.slice(0, NAMED).map((location) => `${location.file}:${location.line}: location ${location.node.args.join(' ')} has no root of its own`),
        ],
      })
    }
  },
}
