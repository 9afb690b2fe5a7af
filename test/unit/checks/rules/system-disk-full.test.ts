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
  skipped: [{name: 'df not sent', facts: () => factsWithEvidence('healthy', [{name: 'no-disks', body: ''}]), skipped: /disk usage could not be read: disk usage section missing/}],
})
