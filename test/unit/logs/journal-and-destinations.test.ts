/**
 * Logs kept by the journal, and logs sent where fleet cannot read them (contract item 4).
 * Journal lines recorded on a lab host (test/fixtures/logs/README.md, "Issue 9 recordings").
 */
import {describe, expect, it} from 'vitest'
import {fpmMaxChildrenReached} from '../../../src/checks/rules/fpm-max-children-reached.js'
import {nginxUpstreamErrors} from '../../../src/checks/rules/nginx-upstream-errors.js'
import {windowedLogs} from '../../../src/checks/windowed-logs.js'
import {classifyFpm} from '../../../src/logs/classify-fpm.js'
import {classifyNginxError} from '../../../src/logs/classify-nginx.js'
import {parseLog} from '../../../src/logs/window.js'
import {parseProbeOutput} from '../../../src/probe/parse.js'
import {FIXTURE_NONCE, fixtureText, run} from '../checks/rule-tester.js'
import {logLines, utc} from './helpers.js'

const NOW = utc(2026, 12, 4, 22, 9, 0)
const ctx = {now: NOW, utcOffset: '+0100', timeZone: 'Europe/Berlin'}
const begin = (name: string, attrs: string) => `==FLEET ${FIXTURE_NONCE} BEGIN ${name} ${attrs}==`
const end = (name: string, rc = 0) => `==FLEET ${FIXTURE_NONCE} END ${name} rc=${rc}==`

/** The recorded fpm-stopped host with its own log frames replaced, its clock at NOW and an edit to its configs. */
function host(frames: string[], edit: (stream: string) => string = (s) => s) {
  const stream = edit(fixtureText('probe/fpm-stopped.txt'))
    .replace(/==FLEET \S+ BEGIN log kind=[\s\S]*?END log rc=\d+==\n/g, '')
    .replace(/^now=\d+$/m, `now=${NOW}`)
    .replace(`==FLEET ${FIXTURE_NONCE} BEGIN done`, `${frames.join('\n')}\n==FLEET ${FIXTURE_NONCE} BEGIN done`)
  return parseProbeOutput(stream, FIXTURE_NONCE)
}

describe('FPM with error_log = syslog', () => {
  const lines = logLines('journal/journal-php-fpm.txt')

  it('reads the journal lines: level from [LEVEL], time from the journal stamp, pool from [pool NAME]', () => {
    const entries = parseLog(lines, 'fpm', ctx)
    expect(entries).toHaveLength(lines.length)
    const reached = entries.find((entry) => entry.message.startsWith('server reached'))!
    expect(reached).toMatchObject({level: 'WARNING', pool: 'www', time: utc(2026, 12, 4, 22, 7, 54)})
    expect(classifyFpm(reached)).toEqual({class: 'max-children-reached', pool: 'www', limit: '2'})
  })

  it('a journal-log frame feeds the same checks as the file', () => {
    const facts = host([begin('journal-log', `kind=fpm:php-fpm8.2 tag=php-fpm since=${NOW - 3600}`), ...lines, end('journal-log')])
    expect(facts.logs.fpm).toMatchObject([{path: 'journalctl -t php-fpm', source: 'journal'}])
    expect(run(fpmMaxChildrenReached, facts).findings.map((finding) => finding.message)).toEqual([expect.stringMatching(/^pool www reached pm.max_children \(2\) 1 time in the last/)])
  })

  it('a journal that could not be read is host/partial and the FPM checks say skipped', () => {
    const facts = host([begin('journal-log', 'kind=fpm:php-fpm8.2 tag=php-fpm since=1'), end('journal-log', 1), begin('journal-log.stderr', 'kind=fpm:php-fpm8.2 tag=php-fpm'), 'No journal files were found.', end('journal-log.stderr')])
    expect(facts.partial).toContainEqual({fact: 'log:journalctl -t php-fpm', reason: 'No journal files were found.'})
    expect(run(fpmMaxChildrenReached, facts).skipped).toEqual([expect.stringContaining('journalctl -t php-fpm: No journal files were found.')])
  })
})

describe('nginx with error_log syslog:server=unix:/dev/log', () => {
  it('reads the recorded journal line with the journal stamp', () => {
    const [entry] = parseLog(logLines('journal/journal-nginx.txt'), 'nginx-error', ctx)
    expect(entry).toMatchObject({level: 'notice', pid: 92, time: utc(2026, 12, 4, 22, 7, 48), message: 'signal process started'})
  })

  it('a journal read that failed is named in the skip reason of the nginx checks', () => {
    const failed = [begin('journal-log', 'kind=nginx-error tag=web since=1'), end('journal-log', 1), begin('journal-log.stderr', 'kind=nginx-error tag=web'), 'Failed to open journal', end('journal-log.stderr')]
    const facts = host(failed, (stream) => stream.replace('error_log /var/log/nginx/error.log;', 'error_log syslog:server=unix:/dev/log,tag=web;'))
    expect(facts.partial).toContainEqual({fact: 'log:journalctl -t web', reason: 'Failed to open journal'})
    expect(run(nginxUpstreamErrors, facts).skipped).toEqual([expect.stringContaining('journalctl -t web: Failed to open journal')])
  })

  it('classifies an upstream error read from the journal (the contract\'s line shape)', () => {
    const line =
      '2026-12-04T23:05:00+0100 web1 nginx: 2026/12/04 23:05:00 [error] 12#12: *3 connect() failed (113: No route to host) while connecting to upstream, client: 10.0.0.9, server: _, request: "GET / HTTP/1.1", upstream: "fastcgi://10.0.0.40:9000", host: "web1"'
    const facts = host([begin('journal-log', `kind=nginx-error tag=nginx since=${NOW - 3600}`), line, end('journal-log')])
    expect(windowedLogs(facts).nginxError.map((entry) => entry.time)).toEqual([utc(2026, 12, 4, 22, 5, 0)])
    expect(classifyNginxError(windowedLogs(facts).nginxError[0])?.class).toBe('unreachable')
    expect(run(nginxUpstreamErrors, facts).findings.map((finding) => finding.message)).toEqual([expect.stringMatching(/^1 error "no route to upstream" \(502\)/)])
  })
})

describe('logs fleet cannot read', () => {
  it('nginx error_log stderr and FPM error_log = /proc/self/fd/2: host/partial names where, the checks are skipped', () => {
    const facts = host([], (stream) =>
      stream
        .replace('error_log /var/log/nginx/error.log;', 'error_log stderr;')
        .replace(/^error_log = \/var\/log\/php8\.2-fpm\.log$/m, 'error_log = /proc/self/fd/2')
        .replace('NOTICE: \terror_log = /dev/null', 'NOTICE: \terror_log = /proc/self/fd/2'),
    )
    expect(facts.partial).toContainEqual({fact: 'log:stderr', reason: expect.stringMatching(/^error_log stderr \(\/etc\/nginx\/nginx\.conf:\d+\): stderr is the process's own output/)})
    expect(facts.partial).toContainEqual({fact: 'log:/proc/self/fd/2', reason: expect.stringMatching(/^error_log = \/proc\/self\/fd\/2 .*cannot read it on the host/)})
    expect(run(nginxUpstreamErrors, facts).skipped).toEqual([expect.stringMatching(/^no nginx error log could be read \(stderr: error_log stderr/)])
    expect(run(fpmMaxChildrenReached, facts).skipped).toEqual([expect.stringMatching(/^no FPM error log could be read \(\/proc\/self\/fd\/2: /)])
  })

  it('one server sending its errors to stderr while the main log is a file: judged on the file, the rest said skipped', () => {
    const line =
      '2026/12/04 22:05:00 [error] 12#12: *3 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 10.0.0.9, server: _, request: "GET / HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:", host: "web1"'
    const body = `${line}\n`
    const facts = host(
      [`==FLEET ${FIXTURE_NONCE} BEGIN log kind=nginx-error path=/var/log/nginx/error.log size=${Buffer.byteLength(body)}==\n${body}${end('log')}`],
      (stream) => stream.replace('\taccess_log /var/log/nginx/access.log;', '\taccess_log /var/log/nginx/access.log;\n\terror_log /dev/stderr;'),
    )
    expect(facts.partial).toContainEqual({fact: 'log:/dev/stderr', reason: expect.stringMatching(/^error_log \/dev\/stderr \(\/etc\/nginx\/nginx\.conf:\d+\): /)})
    const {findings, skipped} = run(nginxUpstreamErrors, facts)
    expect(findings.map((finding) => finding.message)).toEqual([expect.stringMatching(/^1 error "upstream timed out"/)])
    expect(skipped).toEqual([expect.stringMatching(/^part of the nginx error log could not be read, lines written there were not judged: error_log \/dev\/stderr \(\/etc\/nginx\/nginx\.conf:\d+\)$/)])
  })

  it('a file log in the config that the probe sent nothing for is a gap, not silence', () => {
    const facts = host([], (stream) =>
      stream.replace(
        '\taccess_log /var/log/nginx/access.log;',
        '\taccess_log /var/log/nginx/access.log;\n\taccess_log /var/log/nginx/$host.log;\n\tserver { listen 8081; location / { access_log /var/log/nginx/one-line.log; } }',
      ),
    )
    expect(facts.partial).toContainEqual({fact: 'log:/var/log/nginx/$host.log', reason: expect.stringMatching(/^access_log \/var\/log\/nginx\/\$host\.log \(\/etc\/nginx\/nginx\.conf:\d+\) names its file with variables/)})
    expect(facts.partial).toContainEqual({fact: 'log:/var/log/nginx/one-line.log', reason: expect.stringMatching(/^access_log \/var\/log\/nginx\/one-line\.log \(\/etc\/nginx\/nginx\.conf:\d+\) is in the config but the probe did not read it$/)})
  })

  it('the recorded probe outputs read every log their config names', () => {
    for (const name of ['stock', 'rotated', 'journal']) {
      const facts = parseProbeOutput(fixtureText(`probe/evidence-${name}.txt`), FIXTURE_NONCE)
      expect(facts.partial.filter((fact) => fact.fact.startsWith('log:'))).toEqual([])
    }
  })

  it('a remote syslog server is named', () => {
    const facts = host([], (stream) => stream.replace('error_log /var/log/nginx/error.log;', 'error_log syslog:server=192.0.2.7:514,tag=web;'))
    expect(facts.partial).toContainEqual({fact: 'log:syslog:server=192.0.2.7:514,tag=web', reason: expect.stringContaining('syslog server 192.0.2.7:514 is off this host')})
    expect(run(nginxUpstreamErrors, facts).skipped).toEqual([expect.stringContaining('syslog server 192.0.2.7:514 is off this host')])
  })

  it('the local journal socket is not a gap (the probe reads it with journalctl)', () => {
    const facts = host([], (stream) => stream.replace('error_log /var/log/nginx/error.log;', 'error_log syslog:server=unix:/dev/log;'))
    expect(facts.partial.filter((fact) => fact.fact.startsWith('log:syslog'))).toEqual([])
  })
})
