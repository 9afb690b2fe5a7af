import {phpFatalErrors} from '../../../../src/checks/rules/php-fatal-errors.js'
import {factsWithEvidence} from '../evidence-facts.js'
import {LAB_LOGS_NOW, later} from '../log-facts.js'
import {factsFrom, ruleTester, withLogs} from '../rule-tester.js'

// nginx writes PHP's stderr quoted into one line; PHP's messages follow each other without a separator.
const NGINX_MEMORY =
  '2026/11/25 23:44:01 [error] 812#812: *7 FastCGI sent in stderr: "PHP message: PHP Warning:  Undefined variable $x in /var/www/html/mem.php on line 2PHP message: PHP Fatal error:  Allowed memory size of 2097152 bytes exhausted (tried to allocate 4194336 bytes) in /var/www/html/mem.php on line 3" while reading response header from upstream, client: 127.0.0.1, server: _, request: "GET /mem.php HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:", host: "localhost"'
const NGINX_WARNING_ONLY =
  '2026/11/25 23:44:02 [error] 812#812: *8 FastCGI sent in stderr: "PHP message: PHP Warning:  Undefined variable $x in /var/www/html/ok.php on line 2" while reading response header from upstream, client: 127.0.0.1, server: _, request: "GET /ok.php HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:", host: "localhost"'
// catch_workers_output = yes: the worker's stderr in the FPM log.
const FPM_TIME = '[25-Nov-2026 23:44:05] WARNING: [pool www] child 31 said into stderr: "PHP Fatal error:  Maximum execution time of 1 second exceeded in /var/www/html/slow.php on line 4"'
const FPM_PARSE = '[25-Nov-2026 23:44:06] WARNING: [pool www] child 32 said into stderr: "PHP Parse error:  syntax error, unexpected end of file in /var/www/html/broken.php on line 7"'

const PHP_INI = {name: 'php-ini', attrs: {name: 'php-fpm8.2', path: '/etc/php/8.2/fpm/php.ini'}, body: 'memory_limit = 2M\nmax_execution_time = 1'}

ruleTester(phpFatalErrors, {
  valid: [
    {name: 'healthy host', facts: () => factsFrom('healthy')},
    {name: 'warnings are not fatal', facts: () => withLogs(factsFrom('healthy'), {nginxError: [NGINX_WARNING_ONLY]}, LAB_LOGS_NOW)},
    {name: 'fatal before the window', facts: () => later(withLogs(factsFrom('healthy'), {nginxError: [NGINX_MEMORY]}, LAB_LOGS_NOW))},
  ],
  invalid: [
    {
      name: 'memory exhausted in FastCGI stderr (second PHP message of the line), memory_limit from php.ini',
      facts: () => withLogs(factsWithEvidence('healthy', [PHP_INI]), {nginxError: [NGINX_MEMORY, NGINX_MEMORY]}, LAB_LOGS_NOW),
      errors: [
        {
          messageId: 'memory',
          message: /^2 PHP fatal errors \(memory exhausted\) in the last 1h: \/var\/www\/html\/mem\.php x2; memory_limit = 2M \(\/etc\/php\/8\.2\/fpm\/php\.ini\)$/,
          evidence: /Allowed memory size of 2097152 bytes exhausted/,
        },
      ],
    },
    {
      name: 'time limit and a parse error from the FPM log (catch_workers_output); php.ini not read',
      facts: () => withLogs(factsFrom('healthy'), {fpm: [FPM_TIME, FPM_PARSE]}, LAB_LOGS_NOW),
      errors: [
        {messageId: 'time', message: /^1 PHP fatal error \(time limit\) in the last 1h: \/var\/www\/html\/slow\.php; max_execution_time unknown \(php\.ini not read\)$/},
        {messageId: 'other', message: /^1 PHP fatal error \(other\) in the last 1h: \/var\/www\/html\/broken\.php$/, evidence: /PHP Parse error/},
      ],
    },
    {
      name: 'the pool sets memory_limit itself: that wins over php.ini',
      facts: () => {
        const facts = withLogs(factsWithEvidence('healthy', [PHP_INI]), {nginxError: [NGINX_MEMORY]}, LAB_LOGS_NOW)
        const pool = facts.fpm[0].config!.pools[0]
        pool.settings['php_admin_value[memory_limit]'] = '2M'
        pool.where['php_admin_value[memory_limit]'] = '/etc/php/8.2/fpm/pool.d/www.conf:440'
        return facts
      },
      errors: [{messageId: 'memory', message: /memory_limit = 2M \(\[www\] php_admin_value\[memory_limit\], \/etc\/php\/8\.2\/fpm\/pool\.d\/www\.conf:440\)$/}],
    },
    {
      name: "PHP's own error log of the pool (php_admin_value[error_log]), with the pool's memory_limit",
      facts: () => {
        const facts = withLogs(factsFrom('healthy'), {}, LAB_LOGS_NOW)
        const pool = facts.fpm[0].config!.pools[0]
        pool.settings['php_admin_value[error_log]'] = '/var/log/php/www-error.log'
        pool.settings['php_admin_value[memory_limit]'] = '4M'
        pool.where['php_admin_value[memory_limit]'] = '/etc/php/8.2/fpm/pool.d/www.conf:441'
        facts.logs.phpError = [
          {
            path: '/var/log/php/www-error.log',
            lines: ['[25-Nov-2026 23:44:09 UTC] PHP Fatal error:  Allowed memory size of 4194304 bytes exhausted (tried to allocate 8392704 bytes) in /var/www/app/public/mem.php on line 2'],
            truncated: false,
          },
        ]
        return facts
      },
      errors: [{messageId: 'memory', message: /^1 PHP fatal error \(memory exhausted\) in the last 1h: \/var\/www\/app\/public\/mem\.php; memory_limit = 4M \(\[www\] php_admin_value\[memory_limit\], \/etc\/php\/8\.2\/fpm\/pool\.d\/www\.conf:441\)$/}],
    },
    {
      name: 'PHP 7.3+ worker output through zlog (said into stderr: "NOTICE: PHP message: ...")',
      facts: () =>
        withLogs(
          factsFrom('healthy'),
          {fpm: ['[25-Nov-2026 23:44:01] WARNING: [pool www] child 31 said into stderr: "NOTICE: PHP message: PHP Fatal error:  Allowed memory size of 2097152 bytes exhausted (tried to allocate 4194336 bytes) in /var/www/html/mem.php on line 3"']},
          LAB_LOGS_NOW,
        ),
      errors: [{messageId: 'memory', message: /^1 PHP fatal error \(memory exhausted\) in the last 1h: \/var\/www\/html\/mem\.php/}],
    },
    {
      name: 'one death told to nginx (FastCGI stderr) and to the FPM log is counted once',
      facts: () =>
        withLogs(
          factsFrom('healthy'),
          {
            nginxError: [NGINX_MEMORY],
            fpm: ['[25-Nov-2026 23:44:01] WARNING: [pool www] child 31 said into stderr: "NOTICE: PHP message: PHP Fatal error:  Allowed memory size of 2097152 bytes exhausted (tried to allocate 4194336 bytes) in /var/www/html/mem.php on line 3"'],
          },
          LAB_LOGS_NOW,
        ),
      errors: [{messageId: 'memory', message: /^1 PHP fatal error \(memory exhausted\)/}],
    },
    {
      name: 'different deaths in different logs all count: a.php x2 only in nginx (FastCGI stderr), b.php only in the FPM log',
      facts: () =>
        withLogs(
          factsFrom('healthy'),
          {
            nginxError: [
              NGINX_MEMORY.replaceAll('/mem.php', '/a.php'),
              NGINX_MEMORY.replace('23:44:01', '23:44:30').replace('*7 ', '*9 ').replaceAll('/mem.php', '/a.php'),
            ],
            fpm: ['[25-Nov-2026 23:44:10] WARNING: [pool www] child 33 said into stderr: "NOTICE: PHP message: PHP Fatal error:  Allowed memory size of 2097152 bytes exhausted (tried to allocate 4194336 bytes) in /var/www/html/b.php on line 3"'],
          },
          LAB_LOGS_NOW,
        ),
      errors: [{messageId: 'memory', message: /^3 PHP fatal errors \(memory exhausted\) in the last 1h: \/var\/www\/html\/a\.php x2, \/var\/www\/html\/b\.php;/, evidence: /b\.php/}],
    },
    {
      name: 'one death told to both logs (a second apart), one only to nginx, one only to the FPM log: 3, not 2 (the most-telling source) nor 4 (the sum)',
      facts: () =>
        withLogs(
          factsFrom('healthy'),
          {
            nginxError: [NGINX_MEMORY, NGINX_MEMORY.replace('23:44:01', '23:44:40').replace('*7 ', '*9 ')],
            fpm: [
              '[25-Nov-2026 23:44:02] WARNING: [pool www] child 31 said into stderr: "NOTICE: PHP message: PHP Fatal error:  Allowed memory size of 2097152 bytes exhausted (tried to allocate 4194336 bytes) in /var/www/html/mem.php on line 3"',
              '[25-Nov-2026 23:44:20] WARNING: [pool www] child 34 said into stderr: "NOTICE: PHP message: PHP Fatal error:  Allowed memory size of 2097152 bytes exhausted (tried to allocate 4194336 bytes) in /var/www/html/mem.php on line 3"',
            ],
          },
          LAB_LOGS_NOW,
        ),
      errors: [{messageId: 'memory', message: /^3 PHP fatal errors \(memory exhausted\) in the last 1h: \/var\/www\/html\/mem\.php x3;/}],
    },
  ],
  skipped: [{name: 'neither the nginx error log nor the FPM log readable', facts: () => factsFrom('nonroot'), skipped: /no nginx error log could be read.*no FPM error log could be read/}],
})
