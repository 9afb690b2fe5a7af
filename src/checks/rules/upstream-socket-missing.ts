import type {Check} from '../types.js'
import {describeStat, nginxUnixSocketsByPath, statOf} from '../upstream-sockets.js'
import {nginxErrorLines} from '../log-evidence.js'
import {nginxConfigOrSkip} from '../nginx-config.js'

export const upstreamSocketMissing: Check = {
  needs: ['nginx-config'],
  meta: {
    id: 'upstream/socket-missing',
    severity: 'critical',
    summary: 'A unix socket nginx passes requests to does not exist',
    docs: {
      description:
        'nginx is configured to pass requests to a unix socket (fastcgi_pass unix:..., or an upstream {} server unix:...) that does not exist on the host: the FPM pool that should create it is stopped, listens elsewhere, or the path has a typo.',
      symptom:
        '502 Bad Gateway; nginx logs `connect() to unix:PATH failed (2: No such file or directory) while connecting to upstream` at crit.',
      fix: 'Make the path in nginx and the pool `listen` agree, and make sure the pool is running (`systemctl status phpX.Y-fpm`).',
      snippet:
        '# nginx\nfastcgi_pass unix:/run/php/php8.2-fpm.sock;\n# /etc/php/8.2/fpm/pool.d/www.conf\nlisten = /run/php/php8.2-fpm.sock',
    },
    messages: {
      missing: '{{directive}} at {{at}}{{more}} passes to {{path}}, which does not exist{{kind}}',
    },
  },
  run(facts, context) {
    if (!nginxConfigOrSkip(facts, context)) return
    // One finding per socket path, naming every directive that uses it.
    for (const [path, users] of nginxUnixSocketsByPath(facts)) {
      const stat = statOf(facts, path)
      if (stat === undefined) {
        context.skip(`${path} was not stat'ed by the probe`)
        continue
      }
      if (stat.exists && stat.type === 'socket') continue
      const [first] = users
      context.report({
        messageId: 'missing',
        data: {
          directive: first.directive,
          at: first.at,
          more: users.length > 1 ? ` (and ${users.length - 1} more)` : '',
          path,
          kind: stat.exists ? ` (it is a ${stat.type ?? 'file'}, not a socket)` : '',
        },
        evidence: [
          ...users.map((socket) =>
            socket.via ? `${socket.at}: ${socket.directive} -> ${socket.via}: server unix:${path}` : `${socket.at}: ${socket.directive} unix:${path}`,
          ),
          describeStat(stat, path),
          ...nginxErrorLines(facts, (line) => line.includes(`unix:${path}`) && line.includes('(2: No such file or directory)'), 3),
        ],
      })
    }
  },
}
