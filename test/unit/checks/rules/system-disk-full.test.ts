import {systemDiskFull} from '../../../../src/checks/rules/system-disk-full.js'
import {factsWithEvidence} from '../evidence-facts.js'
import {ruleTester} from '../rule-tester.js'

const PATHS = {name: 'disk-paths', body: 'nginx-log /var/log/nginx\nphp-sessions /var/lib/php/sessions'}

ruleTester(systemDiskFull, {
  valid: [
    {name: 'healthy host, disks at 25 %', facts: () => factsWithEvidence('healthy')},
    {
      name: '94 % is not full yet',
      facts: () =>
        factsWithEvidence('healthy', [
          PATHS,
          {name: 'df', body: 'Filesystem 1024-blocks Used Available Capacity Mounted on\n/dev/vda 1000 940 60 94% /\n/dev/vda 1000 940 60 94% /'},
        ]),
    },
  ],
  invalid: [
    {
      name: 'the session filesystem at 100 % blocks',
      facts: () =>
        factsWithEvidence('healthy', [
          PATHS,
          {name: 'df', body: 'Filesystem 1024-blocks Used Available Capacity Mounted on\n/dev/vda 264212084 26198548 80192364 25% /\ntmpfs 1024 1024 0 100% /var/lib/php/sessions'},
          {name: 'df-inodes', body: 'Filesystem Inodes IUsed IFree IUse% Mounted on\n/dev/vda 16777216 544267 16232949 4% /\ntmpfs 501390 12 501378 1% /var/lib/php/sessions'},
        ]),
      errors: [{messageId: 'full', message: /^\/var\/lib\/php\/sessions is 100% \(blocks\) full \(PHP sessions \/var\/lib\/php\/sessions\)$/, evidence: /tmpfs 1024 1024 0 100%/}],
    },
    {
      name: 'inodes exhausted while blocks are free',
      facts: () =>
        factsWithEvidence('healthy', [
          PATHS,
          {name: 'df', body: 'Filesystem 1024-blocks Used Available Capacity Mounted on\n/dev/vda 1000 100 900 10% /\n/dev/vda 1000 100 900 10% /'},
          {name: 'df-inodes', body: 'Filesystem Inodes IUsed IFree IUse% Mounted on\n/dev/vda 1000 990 10 99% /\n/dev/vda 1000 990 10 99% /'},
        ]),
      errors: [{messageId: 'full', message: /^\/ is 99% \(inodes\) full \(nginx logs \/var\/log\/nginx, PHP sessions \/var\/lib\/php\/sessions\)$/}],
    },
  ],
  skipped: [
    {
      name: 'the probe sent the evidence section without its disk frames',
      facts: () => factsWithEvidence('healthy', [{name: 'no-disks', body: ''}, {name: 'php-ini', attrs: {name: 'php-fpm8.2', path: '/etc/php/8.2/fpm/php.ini'}, body: 'memory_limit = 128M'}]),
      skipped: /disk usage could not be read: disk usage section missing/,
    },
    {
      name: 'the evidence section was not sent (the probe says why)',
      facts: () => factsWithEvidence('healthy', [{name: 'no-disks', body: ''}, {name: 'evidence', body: '', rc: 1, stderr: 'the evidence section (evidence.sh) was not sent with this probe'}]),
      skipped: /disk usage could not be read: the evidence section \(evidence\.sh\) was not sent/,
    },
    {name: 'a recording older than the evidence section', facts: () => factsWithEvidence('healthy', [{name: 'no-disks', body: ''}]), skipped: /the probe sent no evidence section/},
  ],
})
