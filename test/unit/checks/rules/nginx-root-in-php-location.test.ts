import {nginxRootInPhpLocation} from '../../../../src/checks/rules/nginx-root-in-php-location.js'
import {parseNginxDump} from '../../../../src/nginx/parse-dump.js'
import type {NginxDirective} from '../../../../src/nginx/types.js'
import type {HostFacts} from '../../../../src/probe/facts.js'
import {configFacts} from '../config-facts.js'
import {factsFrom, fixtureText, ruleTester} from '../rule-tester.js'

/** A healthy host running one of the recorded real `nginx -T` dumps (test/fixtures/nginx/dumps). */
function withDump(name: string): HostFacts {
  const facts = factsFrom('healthy')
  facts.nginx.config = parseNginxDump(fixtureText(`nginx/dumps/${name}.txt`))
  return facts
}

/** The recorded fault with `location /` removed from the :8080 server, as a PHP-only site is written. */
function withoutCatchAll(): HostFacts {
  const facts = configFacts('root-in-php-location')
  const dropSlash = (block: NginxDirective[]): void => {
    for (const node of block) {
      if (node.directive === 'server' && node.block) node.block = node.block.filter((d) => !(d.directive === 'location' && d.args.join(' ') === '/'))
      if (node.block) dropSlash(node.block)
    }
  }
  dropSlash(facts.nginx.config!.tree)
  return facts
}

ruleTester(nginxRootInPhpLocation, {
  valid: [
    {name: 'healthy host: root in both server blocks', facts: () => factsFrom('healthy')},
    {name: 'an unrelated fault: a PHP location without try_files', facts: () => configFacts('no-try-files')},
    {name: 'Laravel as documented: root at server level', facts: () => withDump('laravel')},
    {name: 'Debian default site', facts: () => withDump('debian-default')},
    {
      name: 'root in the PHP location and in location /: nothing falls back',
      facts: () => {
        const facts = configFacts('root-in-php-location')
        const slash = JSON.stringify(facts.nginx.config!.tree)
        // location / of :8080 gets a root of its own, as a fix written per location would.
        facts.nginx.config!.tree = JSON.parse(
          slash.replace(
            '{"directive":"try_files","args":["$uri","/index.php$is_args$args"]',
            '{"directive":"root","args":["/var/www/app"],"file":"/etc/nginx/sites-enabled/app.conf","line":8},{"directive":"try_files","args":["$uri","/index.php$is_args$args"]',
          ),
        )
        return facts
      },
    },
  ],
  invalid: [
    {
      name: 'root moved into location ~ \\.php$ of :8080 (recorded: /robots.txt answered by index.php)',
      facts: () => configFacts('root-in-php-location'),
      errors: [
        {
          messageId: 'rootInPhp',
          message:
            /^server app\.test:8080 \(\/etc\/nginx\/sites-enabled\/app\.conf:\d+\) sets root \/var\/www\/app only in location ~ \\\.php\$ \(\/etc\/nginx\/sites-enabled\/app\.conf:\d+\): other requests \(location \/ \(\/etc\/nginx\/sites-enabled\/app\.conf:\d+\)\) fall back to the default root html$/,
          evidence: /root \/var\/www\/app; \(inside location ~ \\\.php\$\)/,
        },
      ],
    },
    {
      name: 'a PHP-only server: requests matching no location use html',
      facts: withoutCatchAll,
      errors: [{messageId: 'rootInPhp', message: /other requests \(matching no location\) fall back/}],
    },
    {
      name: 'real dump: roots only in PHP locations, location / and /admin/ fall back; proxy, lua and named locations do not',
      facts: () => withDump('shop'),
      errors: [{messageId: 'rootInPhp', message: /^server shop\.example\.test:8080 .* sets root \/srv\/shop\/public only in location ~ \\\.php\$ .*: other requests \(location \/ \(\S+:\d+\), location \/admin\/ \(\S+:\d+\)\) fall back/}],
    },
  ],
  skipped: [
    {
      name: 'nginx config not readable',
      facts: () => {
        const facts = configFacts('root-in-php-location')
        facts.nginx.config = null
        return facts
      },
      skipped: /nginx config could not be read/,
    },
  ],
})
