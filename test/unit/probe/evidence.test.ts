import {describe, expect, it} from 'vitest'

import {frameText, DISKS_OK} from '../checks/evidence-facts.js'
import {FrameSet, splitFrames} from '../../../src/probe/frames.js'
import {parseEvidence} from '../../../src/probe/evidence.js'
import type {PartialFact} from '../../../src/probe/facts.js'
import {FIXTURE_NONCE} from '../checks/rule-tester.js'
import type {FrameSpec} from '../checks/evidence-facts.js'

function parse(frames: FrameSpec[]) {
  const partial: PartialFact[] = []
  const set = new FrameSet(splitFrames(frames.map(frameText).join(''), FIXTURE_NONCE))
  return {evidence: parseEvidence(set, 1024, partial), partial}
}

describe('evidence frames', () => {
  it('pairs disk-paths with df and df -Pi lines by position, one entry per mount', () => {
    const {evidence, partial} = parse(DISKS_OK)
    expect(partial).toEqual([])
    expect(evidence.disks?.map((d) => [d.mount, d.blocksPercent, d.inodesPercent, d.paths.map((p) => p.what).join(',')])).toEqual([
      ['/', 25, 4, 'nginx-log,nginx-temp,php-sessions'],
      ['/run', 1, 1, 'fpm-socket'],
    ])
  })

  it('a mount point with spaces and an inode column of - (no inodes) are read', () => {
    const {evidence} = parse([
      {name: 'disk-paths', body: 'php-sessions /srv/my sessions'},
      {name: 'df', body: 'Filesystem 1024-blocks Used Available Capacity Mounted on\n/dev/sdb1 1000 960 40 96% /srv/my sessions'},
      {name: 'df-inodes', body: 'Filesystem Inodes IUsed IFree IUse% Mounted on\n/dev/sdb1 0 0 0 - /srv/my sessions'},
    ])
    expect(evidence.disks).toEqual([
      expect.objectContaining({mount: '/srv/my sessions', blocksPercent: 96, paths: [{what: 'php-sessions', path: '/srv/my sessions'}]}),
    ])
  })

  it('a directory the probe did not run df on is a gap the host report says, not a healthy disk', () => {
    const {evidence, partial} = parse([
      {name: 'disk-paths', body: 'nginx-log /var/log/nginx\nunread php-sessions unsafe\nunread nginx-temp cap'},
      {name: 'df', body: 'Filesystem 1024-blocks Used Available Capacity Mounted on\n/dev/vda 10 1 9 10% /'},
      {name: 'df-inodes', body: 'Filesystem Inodes IUsed IFree IUse% Mounted on\n/dev/vda 10 1 9 10% /'},
    ])
    expect(evidence.disks?.map((disk) => disk.paths)).toEqual([[{what: 'nginx-log', path: '/var/log/nginx'}]])
    expect(partial.map((fact) => fact.fact)).toEqual(['disks:php-sessions', 'disks:nginx-temp'])
    expect(partial[0].reason).toMatch(/php-sessions directory's path has characters .* not checked/)
    expect(partial[1].reason).toMatch(/\(24\)/)
    // An unknown kind or reason is not guessed at.
    expect(parse([{name: 'disk-paths', body: 'unread shell-history unsafe'}]).evidence.disks).toBeNull()
  })

  it('disks are unknown (partial) when df is missing, failed, or does not pair with the paths', () => {
    // No evidence frame at all: a recording older than the section; the facts are unknown, nothing to blame.
    expect(parse([]).evidence.disks).toBeNull()
    expect(parse([]).partial).toEqual([])
    const notSent = parse([{name: 'evidence', body: '', rc: 1, stderr: 'the evidence section (evidence.sh) was not sent with this probe'}])
    expect(notSent.evidence.disks).toBeNull()
    expect(notSent.partial).toEqual([{fact: 'evidence', reason: 'the evidence section (evidence.sh) was not sent with this probe'}])
    expect(parse([{name: 'php-ini', attrs: {name: 'php-fpm8.2', path: '/etc/php/8.2/fpm/php.ini'}, body: ''}]).partial).toEqual([{fact: 'disks', reason: 'disk usage section missing from probe output'}])
    const short = parse([DISKS_OK[0], {name: 'df', body: 'Filesystem 1024-blocks Used Available Capacity Mounted on\n/dev/vda 10 1 9 10% /', rc: 1, stderr: "df: /run/php: No such file or directory"}])
    expect(short.evidence.disks).toBeNull()
    expect(short.partial[0].reason).toMatch(/answered 1 lines for 4 paths \(df: \/run\/php: No such file/)
    const odd = parse([DISKS_OK[0], {name: 'df', body: 'x$(reboot) 1 2 3 4% /\n'}])
    expect(odd.evidence.disks).toBeNull()
    const badPath = parse([{name: 'disk-paths', body: 'nginx-log relative/path'}, DISKS_OK[1]])
    expect(badPath.evidence.disks).toBeNull()
    expect(badPath.partial[0].reason).toMatch(/unexpected line/)
  })

  it('df -Pi missing keeps the block usage and says inodes were not read', () => {
    const {evidence, partial} = parse(DISKS_OK.slice(0, 2))
    expect(evidence.disks?.[0].blocksPercent).toBe(25)
    expect(evidence.disks?.[0].inodesPercent).toBeUndefined()
    expect(partial.map((p) => p.fact)).toEqual(['disks-inodes'])
  })

  it('unit journals: lines kept, journalctl markers dropped; a failed read is partial', () => {
    const {evidence, partial} = parse([
      ...DISKS_OK,
      {name: 'unit-journal', attrs: {unit: 'php8.2-fpm.service'}, body: '-- No entries --\n2026-12-04T10:00:00+0000 web1 systemd[1]: php8.2-fpm.service: A process of this unit has been killed by the OOM killer.'},
      {name: 'unit-journal', attrs: {unit: 'nginx.service'}, body: '', rc: 1, stderr: 'Failed to get journal access: Permission denied'},
    ])
    expect(evidence.unitJournal).toEqual([{unit: 'php8.2-fpm.service', lines: [expect.stringMatching(/killed by the OOM killer/)]}])
    expect(partial).toEqual([{fact: 'unit-journal:nginx.service', reason: 'Failed to get journal access: Permission denied'}])
  })

  it('php.ini: only the keys asked for, quotes and comments stripped', () => {
    const {evidence} = parse([
      {name: 'php-ini', attrs: {name: 'php-fpm8.2', path: '/etc/php/8.2/fpm/php.ini'}, body: 'memory_limit = 128M\nmax_execution_time = 30 ; seconds\nsession.save_path = "/var/lib/php/sessions"\ndisplay_errors = On'},
    ])
    expect(evidence.phpIni).toEqual([{name: 'php-fpm8.2', path: '/etc/php/8.2/fpm/php.ini', values: {memory_limit: '128M', max_execution_time: '30', 'session.save_path': '/var/lib/php/sessions'}}])
  })

  it('php.ini then its conf.d files in order: the last value wins and says which file set it', () => {
    const body = [
      'memory_limit = 128M',
      'max_execution_time = 30',
      '@/etc/php/8.2/fpm/conf.d/20-app.ini',
      'memory_limit = 256M',
      'max_execution_time = 60',
      '@/etc/php/8.2/fpm/conf.d/99-late.ini',
      'memory_limit = 512M',
      '?',
      '+',
      '@conf.d/relative.ini',
      'max_execution_time = 999',
    ].join('\n')
    const {evidence, partial} = parse([...DISKS_OK, {name: 'php-ini', attrs: {name: 'php-fpm8.2', path: '/etc/php/8.2/fpm/php.ini'}, body}])
    expect(evidence.phpIni).toEqual([
      {
        name: 'php-fpm8.2',
        path: '/etc/php/8.2/fpm/php.ini',
        values: {memory_limit: '512M', max_execution_time: '60'},
        from: {memory_limit: '/etc/php/8.2/fpm/conf.d/99-late.ini', max_execution_time: '/etc/php/8.2/fpm/conf.d/20-app.ini'},
      },
    ])
    expect(partial.map((fact) => fact.fact)).toEqual(['php-ini:php-fpm8.2', 'php-ini:php-fpm8.2', 'php-ini:php-fpm8.2'])
    expect(partial[0].reason).toMatch(/has a name the probe passes to no command: not read/)
    expect(partial[1].reason).toMatch(/more than 64 \.ini files: those after the 64th were not read/)
  })

  it('app logs: bounded tail (first line dropped when cut), failed read is partial', () => {
    const {evidence, partial} = parse([
      ...DISKS_OK,
      {name: 'app-log', attrs: {root: '/srv/app/public', path: '/srv/app/storage/logs/laravel.log', size: 5000}, body: 'cut line\n[2026-12-04 10:00:00] production.ERROR: boom'},
      {name: 'app-log', attrs: {root: '/srv/b/public', path: '/srv/b/storage/logs/laravel.log', size: 10}, body: '', rc: 1, stderr: 'tail: cannot open'},
    ])
    expect(evidence.appLogs).toEqual([{root: '/srv/app/public', path: '/srv/app/storage/logs/laravel.log', lines: ['[2026-12-04 10:00:00] production.ERROR: boom'], truncated: true}])
    expect(partial).toEqual([{fact: 'app-log:/srv/b/storage/logs/laravel.log', reason: 'tail: cannot open'}])
  })
})
