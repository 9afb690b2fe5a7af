/**
 * Lines the classifiers used to miss (issue 9). Each line is a real one: the source is
 * named next to it (nginx / php-src / Linux format strings where the lab could not make it).
 */
import {describe, expect, it} from 'vitest'
import {oomKills} from '../../../src/checks/log-kernel-oom.js'
import {classifyFpm} from '../../../src/logs/classify-fpm.js'
import {classifyKernel} from '../../../src/logs/classify-kernel.js'
import {classifyNginxError} from '../../../src/logs/classify-nginx.js'
import {parseLog} from '../../../src/logs/window.js'
import {factsFrom, withLogs} from '../checks/rule-tester.js'
import {logLines, utc} from './helpers.js'

const ctx = {now: utc(2026, 12, 4, 10, 5, 0), utcOffset: '+0000'}
const nginx = (line: string) => classifyNginxError(parseLog([line], 'nginx-error', ctx)[0])
const fpm = (line: string) => {
  const [entry] = parseLog([line], 'fpm', ctx)
  return {entry, found: classifyFpm(entry)}
}

describe('nginx lines', () => {
  it('connect() failed (113: No route to host) is an unreachable upstream with its address', () => {
    // ngx_event_connect.c / ngx_http_upstream.c: a TCP connect to a host with no route.
    const line =
      '2026/12/04 10:00:00 [error] 12#12: *3 connect() failed (113: No route to host) while connecting to upstream, client: 10.0.0.9, server: shop.example, request: "GET /index.php HTTP/1.1", upstream: "fastcgi://10.0.0.40:9000", host: "shop.example"'
    expect(nginx(line)).toEqual({class: 'unreachable', upstream: 'fastcgi://10.0.0.40:9000', address: '10.0.0.40:9000'})
  })

  it('peer closed connection in SSL handshake (104) to an upstream is a reset by peer; a client one is not', () => {
    // ngx_event_openssl.c ngx_ssl_handshake: ngx_connection_error(c, err, "peer closed connection in SSL handshake").
    const upstream =
      '2026/12/04 10:00:00 [error] 12#12: *3 peer closed connection in SSL handshake (104: Connection reset by peer) while SSL handshaking to upstream, client: 10.0.0.9, server: api.example, request: "GET /v1 HTTP/1.1", upstream: "https://10.0.0.41:443/v1", host: "api.example"'
    expect(nginx(upstream)).toMatchObject({class: 'reset-by-peer', upstream: 'https://10.0.0.41:443/v1'})
    const withoutErrno = upstream.replace(' (104: Connection reset by peer)', '')
    expect(nginx(withoutErrno)).toMatchObject({class: 'reset-by-peer'})
    // OpenResty log quoted in a public post: the client side of the same message.
    const client = '2019/05/09 22:23:48 [info] 5182#0: *5543 peer closed connection in SSL handshake (104: Connection reset by peer) while SSL handshaking, client: 10.0.0.9, server: 0.0.0.0:443'
    expect(nginx(client)).toBeNull()
  })
})

describe('FPM lines', () => {
  it('reads the pool out of a log_level = debug line (zlog.c `pid %d, %s(), line %d: ` prefix)', () => {
    const {entry, found} = fpm(
      '[04-Dec-2026 10:00:00.123456] WARNING: pid 12, fpm_children_bury(), line 256: [pool www] child 34 exited on signal 11 (SIGSEGV) after 1.5 seconds from start',
    )
    expect(entry).toMatchObject({level: 'WARNING', pool: 'www', time: utc(2026, 12, 4, 10, 0, 0)})
    expect(found).toEqual({class: 'child-killed', pool: 'www', pid: '34', signo: '11', signal: 'SIGSEGV', after: '1.5'})
  })

  it('reads the pool of the real debug-level line recorded in the lab (issue9/fpm-debug.log)', () => {
    const entries = parseLog(logLines('issue9/fpm-debug.log'), 'fpm', ctx)
    const killed = entries.map((entry) => classifyFpm(entry)).filter((found) => found?.class === 'child-killed')
    expect(killed).toEqual([expect.objectContaining({class: 'child-killed', pool: 'www', signal: 'SIGSEGV'})])
  })

  it('request_slowlog_timeout greater than request_terminate_timeout is a config error (fpm_conf.c)', () => {
    const {found} = fpm("[04-Dec-2026 10:00:00] ERROR: [pool x] 'request_slowlog_timeout' (30) can't be greater than 'request_terminate_timeout' (10)")
    expect(found).toMatchObject({class: 'config-error', pool: 'x'})
  })
})

describe('kernel OOM lines', () => {
  // Linux 4.14 mm/oom_kill.c: pr_err("%s: Kill process %d (%s) score %u or sacrifice child\n", ...) then
  // pr_err("Killed process %d (%s) total-vm:%lukB, anon-rss:%lukB, file-rss:%lukB, shmem-rss:%lukB\n", ...).
  const old = [
    '2026-12-04T10:00:00+0000 web1 kernel: Out of memory: Kill process 812 (php-fpm7.0) score 301 or sacrifice child',
    '2026-12-04T10:00:00+0000 web1 kernel: Killed process 815 (php-fpm7.0) total-vm:524288kB, anon-rss:262144kB, file-rss:0kB, shmem-rss:0kB',
  ]

  it('an old kernel kills the child it names on the next line: the victim is that pid', () => {
    const facts = withLogs(factsFrom('fpm-stopped'), {kernel: old}, ctx.now)
    expect(oomKills(facts).map(({pid, name, kind}) => ({pid, name, kind}))).toEqual([{pid: '815', name: 'php-fpm7.0', kind: 'Out of memory'}])
  })

  it('a chosen process whose Killed line the tail lost still counts once', () => {
    const facts = withLogs(factsFrom('fpm-stopped'), {kernel: [old[0]]}, ctx.now)
    expect(oomKills(facts).map(({pid}) => pid)).toEqual(['812'])
  })

  it('a process name with `)` in it is read whole', () => {
    const [entry] = parseLog(['2026-12-04T10:00:00+0000 web1 kernel: Out of memory: Killed process 4242 (php (x) y) total-vm:1kB, anon-rss:1kB'], 'kernel', ctx)
    expect(classifyKernel(entry)).toEqual({class: 'oom-kill', kind: 'Out of memory', pid: '4242', name: 'php (x) y'})
    const [select] = parseLog(['2026-12-04T10:00:00+0000 web1 kernel: Out of memory: Kill process 9 (a) b) score 3 or sacrifice child'], 'kernel', ctx)
    expect(classifyKernel(select)).toMatchObject({class: 'oom-select', pid: '9', name: 'a) b'})
  })
})
