import type {DiskUsage} from '../../probe/evidence.js'
import type {Check} from '../types.js'
import {diskReason} from '../needs.js'

/** At this use a filesystem is full for practical purposes: root's 5 % reserve is all that is left. */
export const DISK_FULL_PERCENT = 95

const WHAT: Record<string, string> = {
  'nginx-log': 'nginx logs',
  'nginx-temp': 'nginx temp files',
  'fpm-socket': 'FPM sockets',
  'php-sessions': 'PHP sessions',
}

export const systemDiskFull: Check = {
  needs: ['disks'],
  meta: {
    id: 'system/disk-full',
    severity: 'critical',
    summary: 'A filesystem holding nginx logs or temp files, FPM sockets or PHP sessions is (nearly) full',
    docs: {
      description:
        'A filesystem nginx or PHP writes to is at 95 % or more of its blocks or of its inodes. nginx cannot buffer request or response bodies to its temp paths, PHP cannot write sessions, FPM cannot create its socket at start, and log lines get lost.',
      symptom:
        '500 Internal Server Error or truncated responses (nginx logs `(28: No space left on device)` writing a temp file), users logged out or sessions lost (PHP `session_start(): ... No space left on device`), 502 when FPM cannot start.',
      fix: 'Free space on that filesystem (old logs, rotated archives, stale session files, deploy leftovers) or grow it; for inodes, remove the many small files (session files are the usual ones: check session.gc_probability).',
      snippet: 'df -h /var/lib/php/sessions; df -i /var/lib/php/sessions\nfind /var/lib/php/sessions -type f -mmin +1440 -delete\njournalctl --vacuum-size=200M',
    },
    messages: {
      full: '{{mount}} is {{usage}} full ({{what}})',
    },
  },
  run(facts, context) {
    const disks = facts.evidence.disks
    if (!disks) return context.skip(`disk usage could not be read${diskReason(facts)}`)
    for (const disk of disks) {
      const usage = fullness(disk)
      if (usage.length === 0) continue
      context.report({
        messageId: 'full',
        data: {
          mount: disk.mount,
          usage: usage.join(' and '),
          what: disk.paths.map((path) => `${WHAT[path.what] ?? path.what} ${path.path}`).join(', '),
        },
        evidence: disk.raw,
      })
    }
  },
}

function fullness(disk: DiskUsage): string[] {
  const out: string[] = []
  if (disk.blocksPercent !== undefined && disk.blocksPercent >= DISK_FULL_PERCENT) out.push(`${disk.blocksPercent}% (blocks)`)
  if (disk.inodesPercent !== undefined && disk.inodesPercent >= DISK_FULL_PERCENT) out.push(`${disk.inodesPercent}% (inodes)`)
  return out
}
