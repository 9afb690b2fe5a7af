import {phpScriptNotFound} from '../../../../src/checks/rules/php-script-not-found.js'
import {LAB_LOGS_NOW, later} from '../log-facts.js'
import {parseProbeOutput} from '../../../../src/probe/parse.js'
import {FIXTURE_NONCE, factsFrom, fixtureText, ruleTester, withLogs} from '../rule-tester.js'

/**
 * The healthy host after a deploy left the site's own SCRIPT_FILENAME pointing at a
 * release that is gone (as the lab's script-not-found fault does): nginx sends both
 * params, FPM keeps the last.
 */
function staleScriptFilename() {
  const text = fixtureText('probe/healthy.txt').replace(
    '        fastcgi_pass unix:/run/php/php8.2-fpm.sock;\n        fastcgi_read_timeout 30s;',
    '        fastcgi_param SCRIPT_FILENAME /srv/old-release$fastcgi_script_name;\n        fastcgi_pass unix:/run/php/php8.2-fpm.sock;\n        fastcgi_read_timeout 30s;',
  )
  if (!text.includes('/srv/old-release')) throw new Error('healthy.txt changed: the stale SCRIPT_FILENAME was not inserted')
  return structuredClone(parseProbeOutput(text, FIXTURE_NONCE))
}

// nginx's line for FPM's 404 "File not found." (a stale SCRIPT_FILENAME).
const unknown = (uri: string, server = 'direct.test') =>
  `2026/11/25 23:44:01 [error] 812#812: *9 FastCGI sent in stderr: "Primary script unknown" while reading response header from upstream, client: 127.0.0.1, server: ${server}, request: "GET ${uri} HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:", host: "${server}:8081"`
const FATAL =
  '2026/11/25 23:44:02 [error] 812#812: *8 FastCGI sent in stderr: "PHP message: PHP Fatal error:  Uncaught Error in /var/www/app/x.php:3" while reading response header from upstream, client: 127.0.0.1, server: direct.test, request: "GET /x.php HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:", host: "direct.test:8081"'

ruleTester(phpScriptNotFound, {
  valid: [
    {name: 'healthy host', facts: () => factsFrom('healthy')},
    {name: 'other FastCGI stderr is not a missing script', facts: () => withLogs(factsFrom('healthy'), {nginxError: [FATAL]}, LAB_LOGS_NOW)},
    {name: 'before the window', facts: () => later(withLogs(factsFrom('healthy'), {nginxError: [unknown('/index.php')]}, LAB_LOGS_NOW))},
  ],
  invalid: [
    {
      name: 'direct.test: the location root and SCRIPT_FILENAME from the included fastcgi.conf, with FILE:LINE',
      facts: () => withLogs(factsFrom('healthy'), {nginxError: [unknown('/index.php'), unknown('/index.php?a=1'), unknown('/info.php')]}, LAB_LOGS_NOW),
      errors: [
        {
          messageId: 'unknown',
          message:
            /^3 requests answered "File not found\." \(Primary script unknown\) in the last 1h on server direct\.test: \/index\.php x2, \/info\.php; location ~ \\\.php\$ \(\/etc\/nginx\/sites-enabled\/app\.conf:\d+\) uses root \/var\/www\/app \(\/etc\/nginx\/sites-enabled\/app\.conf:\d+\), SCRIPT_FILENAME \$document_root\$fastcgi_script_name \(\/etc\/nginx\/fastcgi\.conf:\d+\)$/,
          evidence: /Primary script unknown[\s\S]*\/etc\/nginx\/fastcgi\.conf:\d+: fastcgi_param SCRIPT_FILENAME \$document_root\$fastcgi_script_name;/,
        },
      ],
    },
    {
      name: 'a site SCRIPT_FILENAME after the included fastcgi.conf: the last one (what FPM used) is shown',
      facts: () => withLogs(staleScriptFilename(), {nginxError: [unknown('/index.php')]}, LAB_LOGS_NOW),
      errors: [
        {
          messageId: 'unknown',
          message: /, SCRIPT_FILENAME \/srv\/old-release\$fastcgi_script_name \(\/etc\/nginx\/sites-enabled\/app\.conf:\d+\)$/,
          evidence: /\/etc\/nginx\/sites-enabled\/app\.conf:\d+: fastcgi_param SCRIPT_FILENAME \/srv\/old-release\$fastcgi_script_name;/,
        },
      ],
    },
    {
      name: 'a server name the config does not have: counted, no location claimed',
      facts: () => withLogs(factsFrom('healthy'), {nginxError: [unknown('/a.php', 'gone.test')]}, LAB_LOGS_NOW),
      errors: [{messageId: 'unknown', message: /^1 request answered .* on server gone\.test: \/a\.php$/}],
    },
  ],
  skipped: [{name: 'nginx error log not readable', facts: () => factsFrom('nonroot'), skipped: /no nginx error log could be read/}],
})
