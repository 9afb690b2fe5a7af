import {nginxPhpWithoutTryFiles} from '../../../../src/checks/rules/nginx-php-without-try-files.js'
import {parseNginxDump} from '../../../../src/nginx/parse-dump.js'
import type {HostFacts} from '../../../../src/probe/facts.js'
import {configFacts} from '../config-facts.js'
import {factsFrom, fixtureText, ruleTester} from '../rule-tester.js'

/** A healthy host running one of the recorded real `nginx -T` dumps (test/fixtures/nginx/dumps). */
function withDump(name: string): HostFacts {
  const facts = factsFrom('healthy')
  facts.nginx.config = parseNginxDump(fixtureText(`nginx/dumps/${name}.txt`))
  return facts
}

ruleTester(nginxPhpWithoutTryFiles, {
  valid: [
    {name: "healthy host: snippets/fastcgi-php.conf's try_files $fastcgi_script_name =404 (inlined include)", facts: () => factsFrom('healthy')},
    {name: 'an unrelated fault: root only in the PHP location', facts: () => configFacts('root-in-php-location')},
    {name: 'Laravel: location pinned to ^/index\\.php(/|$)', facts: () => withDump('laravel')},
    {
      name: 'try_files $uri =404, if (!-f ...) { return 404; } and a named front controller (recorded: :8083 removed)',
      facts: () => {
        const facts = configFacts('php-guards')
        for (const http of facts.nginx.config!.tree) {
          if (http.block) http.block = http.block.filter((node) => !(node.directive === 'server' && node.block?.some((d) => d.directive === 'server_name' && d.args[0] === 'open.test')))
        }
        return facts
      },
    },
  ],
  invalid: [
    {
      name: ':8081 includes fastcgi.conf (no guard) instead of snippets/fastcgi-php.conf (recorded)',
      facts: () => configFacts('no-try-files'),
      errors: [
        {
          messageId: 'unguarded',
          message: /^location ~ \\\.php\$ \(\/etc\/nginx\/sites-enabled\/app\.conf:\d+\) of server direct\.test:8081 \(\S+:\d+\) passes any \.php to FastCGI \(\/etc\/nginx\/sites-enabled\/app\.conf:\d+\) with no try_files =404 guard; FPM answered "Primary script unknown" 1 time in window$/,
          evidence: /include fastcgi\.conf; \(no try_files in it\)/,
        },
      ],
    },
    {
      name: 'only the unguarded ~* \\.php(/|$) of four PHP locations, with the real "Primary script unknown" lines',
      facts: () => configFacts('php-guards'),
      errors: [{messageId: 'unguarded', message: /^location ~\* \\\.php\(\/\|\$\) .* of server open\.test:8083 .*; FPM answered "Primary script unknown" 2 times in window$/, evidence: /FastCGI sent in stderr: "Primary script unknown"/}],
    },
    {
      name: 'real dump: both PHP locations of the shop (one nested, one passing inside if) lack a guard; the static site has it',
      facts: () => withDump('shop'),
      errors: [
        {messageId: 'unguarded', message: /^location ~ \\\.php\$ \(\/etc\/nginx\/sites-enabled\/shop:\d+\) of server shop\.example\.test:8080/},
        {messageId: 'unguarded', message: /^location ~ \\\.php\$ \(\/etc\/nginx\/sites-enabled\/shop:\d+\) of server shop\.example\.test:8080/},
      ],
    },
  ],
  skipped: [
    {
      name: 'nginx config not readable',
      facts: () => {
        const facts = configFacts('no-try-files')
        facts.nginx.config = null
        return facts
      },
      skipped: /nginx config could not be read/,
    },
  ],
})
