import type {NginxDirective} from '../../nginx/types.js'
import type {Check} from '../types.js'
import {windowedLogs} from '../windowed-logs.js'
import {locationLabel, matchesAnyScript, ownDirectives, serverLabel, serverLocations} from '../config-php-locations.js'
import {nginxConfigOrSkip} from '../nginx-config.js'

/** Variables that name the script file a guard checks for. */
const SCRIPT_VARIABLES = /\$(?:uri|fastcgi_script_name|request_filename|document_uri)\b/
/** The pre-try_files idiom: `if (!-f $request_filename) { return 404; }`. */
const IF_NOT_FILE = /!-f\s/

/** What nginx logs when FPM finds no script (php-src fpm_main.c "Primary script unknown"). */
const NO_SCRIPT = 'Primary script unknown'

/** Does the location check that the script exists before handing it to FastCGI? */
function guard(node: NginxDirective): NginxDirective | undefined {
  // `try_files $uri =404` or `try_files $uri /index.php`: either way a missing script never reaches FPM.
  const tryFiles = ownDirectives(node, 'try_files').find((d) => d.args.slice(0, -1).some((arg) => SCRIPT_VARIABLES.test(arg)))
  if (tryFiles) return tryFiles
  return (node.block ?? []).find((d) => {
    if (d.directive !== 'if') return false
    const condition = d.args.join(' ')
    const stops = (d.block ?? []).some((inner) => inner.directive === 'return' && /^4\d\d$/.test(inner.args[0] ?? ''))
    return IF_NOT_FILE.test(condition) && SCRIPT_VARIABLES.test(condition) && stops
  })
}

export const nginxPhpWithoutTryFiles: Check = {
  needs: ['nginx-config'],
  meta: {
    id: 'nginx/php-without-try-files',
    severity: 'info',
    summary: 'A PHP location passes any *.php to FastCGI without checking that the script exists',
    docs: {
      description:
        "A `location ~ \\.php$` that hands every matching URI to FPM, with no `try_files $uri =404` (or `try_files $fastcgi_script_name =404`) guard, lets FPM look for the script itself. Missing scripts cost an FPM child each, and with PHP's default `cgi.fix_pathinfo=1` a URI like /uploads/avatar.jpg/x.php runs the uploaded file as PHP. Debian's `snippets/fastcgi-php.conf` contains the guard, so including it counts (includes are read inlined); `fastcgi.conf` and `fastcgi_params` do not. Locations pinned to named scripts (`^/index\\.php(/|$)`, `= /index.php`) are not reported.",
      symptom:
        'No 404 from nginx for missing scripts: FPM answers "File not found." (nginx logs `FastCGI sent in stderr: "Primary script unknown"`), each one occupying a child; a security hole when users can upload files.',
      fix: 'Add `try_files $fastcgi_script_name =404;` (or `include snippets/fastcgi-php.conf;` on Debian) to the PHP location, then `nginx -t && systemctl reload nginx`.',
      snippet:
        'location ~ \\.php$ {\n    try_files $fastcgi_script_name =404;\n    include fastcgi.conf;\n    fastcgi_pass unix:/run/php/php8.2-fpm.sock;\n}',
    },
    messages: {
      unguarded: '{{location}} of {{server}} passes any .php to FastCGI ({{pass}}) with no try_files =404 guard{{seen}}',
    },
  },
  run(facts, context) {
    const config = nginxConfigOrSkip(facts, context)
    if (!config) return
    // FPM's "Primary script unknown" lines by nginx's server name, once (not once per location).
    const noScript = new Map<string, Array<{raw: string}>>()
    for (const entry of windowedLogs(facts).nginxError) {
      if (!entry.message.includes(NO_SCRIPT)) continue
      const list = noScript.get(entry.server ?? '')
      if (list) list.push(entry)
      else noScript.set(entry.server ?? '', [entry])
    }
    for (const {server, location} of serverLocations(config)) {
      if (!matchesAnyScript(location)) continue
      const [pass] = ownDirectives(location.node, 'fastcgi_pass')
      if (!pass || guard(location.node)) continue
      const includes = ownDirectives(location.node, 'include').map((d) => `${d.file}:${d.line}: include ${d.args.join(' ')}; (no try_files in it)`)
      // nginx names the server block by its first server_name in error lines.
      const name = server.serverNames[0] ?? ''
      const missing = noScript.get(name) ?? []
      context.report({
        messageId: 'unguarded',
        data: {
          location: locationLabel(location),
          server: serverLabel(server),
          pass: `${pass.file}:${pass.line}`,
          seen: missing.length > 0 ? `; FPM answered "${NO_SCRIPT}" ${missing.length} time${missing.length === 1 ? '' : 's'} in window` : '',
        },
        evidence: [
          `${location.file}:${location.line}: location ${location.node.args.join(' ')} {`,
          ...includes,
          `${pass.file}:${pass.line}: fastcgi_pass ${pass.args.join(' ')};`,
          ...missing.slice(-1).map((entry) => entry.raw),
        ],
      })
    }
  },
}
