import {fpmServiceDown} from '../../../../src/checks/rules/fpm-service-down.js'
import {parseNginxDump} from '../../../../src/nginx/parse-dump.js'
import {factsWithEvidence} from '../evidence-facts.js'
import {factsFrom, ruleTester} from '../rule-tester.js'

// `journalctl -u php8.2-fpm.service -n 30 -o short-iso` of a unit that stopped (systemd's and php-fpm's own words).
const journal = (...lines: string[]) => ({name: 'unit-journal', attrs: {unit: 'php8.2-fpm.service'}, body: lines.join('\n')})
const OOM = [
  '2026-12-04T09:59:58+0000 web1 systemd[1]: php8.2-fpm.service: A process of this unit has been killed by the OOM killer.',
  '2026-12-04T09:59:58+0000 web1 systemd[1]: php8.2-fpm.service: Main process exited, code=killed, status=9/KILL',
  "2026-12-04T09:59:58+0000 web1 systemd[1]: php8.2-fpm.service: Failed with result 'oom-kill'.",
]
const BIND = [
  '2026-12-04T10:00:00+0000 web1 systemd[1]: Starting php8.2-fpm.service - The PHP 8.2 FastCGI Process Manager...',
  "2026-12-04T10:00:00+0000 web1 php-fpm8.2[812]: [04-Dec-2026 10:00:00] ERROR: unable to bind listening socket for address '127.0.0.1:9000': Address already in use (98)",
  '2026-12-04T10:00:00+0000 web1 php-fpm8.2[812]: [04-Dec-2026 10:00:00] ERROR: FPM initialization failed',
  "2026-12-04T10:00:00+0000 web1 systemd[1]: php8.2-fpm.service: Failed with result 'exit-code'.",
]
// Recorded on a lab host whose pool says pm.max_children = 0 (probe fixture evidence-unit-failed).
const CONFIG_RECORDED = [
  '2026-12-04T22:11:21+0000 probedevev28897fail systemd[1]: Starting php8.2-fpm.service - The PHP 8.2 FastCGI Process Manager...',
  '2026-12-04T22:11:21+0000 probedevev28897fail php-fpm8.2[55]: [04-Dec-2026 22:11:21] ALERT: [pool www] pm.max_children must be a positive value',
  '2026-12-04T22:11:21+0000 probedevev28897fail php-fpm8.2[55]: [04-Dec-2026 22:11:21] ERROR: failed to post process the configuration',
  '2026-12-04T22:11:21+0000 probedevev28897fail php-fpm8.2[55]: [04-Dec-2026 22:11:21] ERROR: FPM initialization failed',
  '2026-12-04T22:11:21+0000 probedevev28897fail systemd[1]: php8.2-fpm.service: Main process exited, code=exited, status=78/CONFIG',
  '2026-12-04T22:11:21+0000 probedevev28897fail systemd[1]: php8.2-fpm.service: Failed to kill control group /system.slice/php8.2-fpm.service, ignoring: Input/output error',
  "2026-12-04T22:11:21+0000 probedevev28897fail systemd[1]: php8.2-fpm.service: Failed with result 'exit-code'.",
  '2026-12-04T22:11:21+0000 probedevev28897fail systemd[1]: Failed to start php8.2-fpm.service - The PHP 8.2 FastCGI Process Manager.',
]
const CONFIG = [
  "2026-12-04T10:00:00+0000 web1 php-fpm8.2[812]: [04-Dec-2026 10:00:00] ERROR: [/etc/php/8.2/fpm/pool.d/www.conf:23] unknown entry 'pm.max_childs'",
  '2026-12-04T10:00:00+0000 web1 php-fpm8.2[812]: [04-Dec-2026 10:00:00] ERROR: failed to load configuration file \'/etc/php/8.2/fpm/php-fpm.conf\'',
  '2026-12-04T10:00:00+0000 web1 php-fpm8.2[812]: [04-Dec-2026 10:00:00] ERROR: FPM initialization failed',
]

ruleTester(fpmServiceDown, {
  valid: [
    {name: 'healthy host', facts: () => factsFrom('healthy')},
    {name: 'nginx stopped does not make FPM down', facts: () => factsFrom('nginx-stopped')},
    {
      name: 'a disabled FPM that nginx does not use',
      facts: () => {
        const facts = factsFrom('fpm-stopped')
        for (const install of facts.fpm) install.service.enabled = false
        // nginx passes nowhere near this install's pools.
        facts.fpm.forEach((install) => install.config?.pools.forEach((pool) => (pool.listen = '/run/php/other.sock')))
        return facts
      },
    },
  ],
  invalid: [
    {
      // Disabled at boot, but nginx still passes to its TCP pool: that is an outage.
      name: 'a disabled FPM whose TCP pool nginx passes to',
      facts: () => {
        const facts = factsFrom('fpm-stopped')
        for (const install of facts.fpm) {
          install.service.enabled = false
          install.config?.pools.forEach((pool) => Object.assign(pool, {listen: '127.0.0.1:9000', listenKind: 'tcp'}))
        }
        facts.nginx.config = parseNginxDump(
          '# configuration file /etc/nginx/nginx.conf:\nevents {}\nhttp { server { location ~ \\.php$ { fastcgi_pass 127.0.0.1:9000; } } }\n',
        )
        return facts
      },
      errors: [{messageId: 'down', message: /nginx passes to its pool \[www\] 127\.0\.0\.1:9000/}],
    },
    {
      name: 'FPM stopped while nginx passes to its socket',
      facts: () => factsFrom('fpm-stopped'),
      errors: [{messageId: 'down', message: /php8\.2-fpm(\.service)? is inactive; nginx passes to its pool \[www\]/, evidence: /ActiveState=inactive/}],
    },
    {
      name: 'why it stopped: an OOM kill in the unit journal, with the advice to read it before restarting',
      facts: () => factsWithEvidence('fpm-stopped', [journal(...OOM)]),
      errors: [{messageId: 'oom', message: /; it stopped: killed by the OOM killer \(unit journal\)$/, evidence: /journal: .*killed by the OOM killer/}],
    },
    {
      name: 'why it stopped: a bind error (Address already in use) beats the generic initialization failure',
      facts: () => factsWithEvidence('fpm-stopped', [journal(...BIND)]),
      errors: [{messageId: 'bind', message: /; it stopped: bind error \(another process holds its listen address\) \(unit journal\)$/, evidence: /Address already in use \(98\)/}],
    },
    {
      name: 'why it stopped: a config error',
      facts: () => factsWithEvidence('fpm-stopped', [journal(...CONFIG)]),
      errors: [{messageId: 'config', message: /; it stopped: config error \(unit journal\)$/, evidence: /unknown entry 'pm\.max_childs'/}],
    },
    {
      name: 'recorded probe output of a lab host whose FPM failed to start (pm.max_children = 0)',
      facts: () => factsFrom('evidence-unit-failed'),
      errors: [{messageId: 'config', message: /^php8\.2-fpm is failed; nginx passes to its pool \[www\] \/run\/php\/php8\.2-fpm\.sock; it stopped: config error \(unit journal\)$/, evidence: /journal: .*pm\.max_children must be a positive value/}],
    },
    {
      name: 'lab host (recorded journal): pm.max_children = 0 is a config error, its ALERT line shown',
      facts: () => factsWithEvidence('fpm-stopped', [journal(...CONFIG_RECORDED)]),
      errors: [{messageId: 'config', message: /; it stopped: config error \(unit journal\)$/, evidence: /pm\.max_children must be a positive value/}],
    },
    {
      name: 'stopped by systemctl stop: said, and not taken for a crash',
      facts: () =>
        factsWithEvidence('fpm-stopped', [
          journal(
            '2026-12-04T10:00:00+0000 web1 systemd[1]: Stopping php8.2-fpm.service - The PHP 8.2 FastCGI Process Manager...',
            '2026-12-04T10:00:00+0000 web1 systemd[1]: php8.2-fpm.service: Deactivated successfully.',
            '2026-12-04T10:00:00+0000 web1 systemd[1]: Stopped php8.2-fpm.service - The PHP 8.2 FastCGI Process Manager.',
          ),
        ]),
      errors: [{messageId: 'stopped', message: /; it stopped: stopped cleanly \(systemctl stop or similar, not a crash\) \(unit journal\)$/}],
    },
    {
      name: 'an OOM kill of an earlier run, started again since and then stopped cleanly: the clean stop, not the OOM kill',
      facts: () =>
        factsWithEvidence('fpm-stopped', [
          journal(
            '2026-12-04T09:58:00+0000 web1 systemd[1]: Starting php8.2-fpm.service - The PHP 8.2 FastCGI Process Manager...',
            '2026-12-04T09:58:00+0000 web1 systemd[1]: Started php8.2-fpm.service - The PHP 8.2 FastCGI Process Manager.',
            ...OOM,
            '2026-12-04T10:05:00+0000 web1 systemd[1]: Starting php8.2-fpm.service - The PHP 8.2 FastCGI Process Manager...',
            '2026-12-04T10:05:00+0000 web1 systemd[1]: Started php8.2-fpm.service - The PHP 8.2 FastCGI Process Manager.',
            '2026-12-04T11:00:00+0000 web1 systemd[1]: Stopping php8.2-fpm.service - The PHP 8.2 FastCGI Process Manager...',
            '2026-12-04T11:00:00+0000 web1 systemd[1]: php8.2-fpm.service: Deactivated successfully.',
            '2026-12-04T11:00:00+0000 web1 systemd[1]: Stopped php8.2-fpm.service - The PHP 8.2 FastCGI Process Manager.',
          ),
        ]),
      errors: [{messageId: 'stopped', message: /; it stopped: stopped cleanly \(systemctl stop or similar, not a crash\) \(unit journal\)$/, evidence: /journal: .*Stopped php8\.2-fpm\.service/}],
    },
    {
      name: 'an OOM kill after the last start (started, then killed): still the OOM kill',
      facts: () =>
        factsWithEvidence('fpm-stopped', [
          journal(
            '2026-12-04T09:00:00+0000 web1 systemd[1]: Stopped php8.2-fpm.service - The PHP 8.2 FastCGI Process Manager.',
            '2026-12-04T09:58:00+0000 web1 systemd[1]: Starting php8.2-fpm.service - The PHP 8.2 FastCGI Process Manager...',
            '2026-12-04T09:58:00+0000 web1 systemd[1]: Started php8.2-fpm.service - The PHP 8.2 FastCGI Process Manager.',
            ...OOM,
          ),
        ]),
      errors: [{messageId: 'oom', message: /; it stopped: killed by the OOM killer \(unit journal\)$/}],
    },
    {
      name: 'the unit journal could not be read: said, not guessed',
      facts: () => factsWithEvidence('fpm-stopped', [{...journal(), rc: 1, stderr: 'Failed to get journal access: Permission denied'}]),
      errors: [{messageId: 'down', message: /; why it stopped: see the last log lines \(unit journal not read: Failed to get journal access: Permission denied\)$/}],
    },
  ],
})
