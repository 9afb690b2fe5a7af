/**
 * Access logs read by the log_format each access_log names (contract: every log in effect).
 * Lines recorded on a lab host with the formats of test/fixtures/logs/formats/site-app.conf.
 */
import {describe, expect, it} from 'vitest'
import {nginxHeaderBuffers} from '../../../src/checks/rules/nginx-header-buffers.js'
import {windowedLogs} from '../../../src/checks/windowed-logs.js'
import {compileFormat, logFormats, type AccessLogFormat} from '../../../src/nginx/log-format.js'
import {parseNginxDump} from '../../../src/nginx/parse-dump.js'
import {parseProbeOutput} from '../../../src/probe/parse.js'
import {FIXTURE_NONCE, fixtureText, run} from '../checks/rule-tester.js'
import {logLines, utc} from './helpers.js'

const NOW = utc(2026, 12, 4, 22, 9, 0)
const SITE = fixtureText('logs/formats/site-app.conf')

function formatsOfSite(): Map<string, AccessLogFormat> {
  const config = parseNginxDump(`# configuration file /etc/nginx/nginx.conf:\nhttp {\n include /etc/nginx/sites-enabled/app;\n}\n\n# configuration file /etc/nginx/sites-enabled/app:\n${SITE}`)
  return logFormats(config)
}

const read = (format: AccessLogFormat | undefined, line: string) => {
  const compiled = compileFormat(format!)
  if (!compiled.ok) throw new Error(compiled.reason)
  return compiled.read(line)
}

describe('log_format parsing and line reading', () => {
  const formats = formatsOfSite()

  it('finds the formats of the recorded site, strings joined and escape= read', () => {
    expect(formats.get('fleetjson')).toMatchObject({escape: 'json', text: expect.stringMatching(/^\{"time":"\$time_iso8601","remote":"\$remote_addr","request"/)})
    expect(formats.get('fleetcustom')).toMatchObject({escape: 'default', text: '$remote_addr|$time_local|$status|$request_time|"$request"'})
    expect(formats.get('combined')?.text).toContain('[$time_local] "$request" $status')
  })

  it('reads the recorded JSON lines by the key whose value is $status', () => {
    const lines = logLines('formats/json.log')
    expect(lines.map((line) => read(formats.get('fleetjson'), line))).toEqual([
      {time: utc(2026, 12, 4, 22, 7, 49), status: 400, request: 'GET / HTTP/1.1'},
      {time: utc(2026, 12, 4, 22, 7, 50), status: 400, request: 'GET / HTTP/1.1'},
      {time: utc(2026, 12, 4, 22, 7, 50), status: 200, request: 'GET / HTTP/1.1'},
      {time: utc(2026, 12, 4, 22, 7, 50), status: 400, request: 'GET /custom/b HTTP/1.1'},
    ])
  })

  it('reads the recorded custom line by the separators around the variables', () => {
    const [line] = logLines('formats/custom.log')
    expect(read(formats.get('fleetcustom'), line)).toEqual({time: utc(2026, 12, 4, 22, 7, 50), status: 404, request: 'GET /custom/a HTTP/1.1'})
  })

  it('reads combined, $msec and a request followed by a plain space', () => {
    const [line] = logLines('formats/access.log')
    expect(read(formats.get('combined'), line)).toEqual({time: utc(2026, 12, 4, 22, 7, 35), status: 200, request: 'GET /sleep.php?s=3 HTTP/1.1'})
    const custom: AccessLogFormat = {name: 'm', escape: 'default', text: '$msec $request $status ${body_bytes_sent}'}
    expect(read(custom, '1796421600.123 GET /a b HTTP/1.1 400 12')).toBeNull()
    expect(read(custom, '1796421600.123 GET /a%20b HTTP/1.1 400 12')).toEqual({time: 1796421600, status: 400, request: 'GET /a%20b HTTP/1.1'})
  })

  it('reads a JSON-format line that is not JSON (an unquoted variable wrote `-`) by its separators', () => {
    const format: AccessLogFormat = {name: 'j', escape: 'json', text: '{"t":"$time_iso8601","s":$status,"urt":$upstream_response_time,"r":"$request"}'}
    expect(read(format, '{"t":"2026-12-04T23:07:49+01:00","s":400,"urt":-,"r":"GET / HTTP/1.1"}')).toEqual({time: utc(2026, 12, 4, 22, 7, 49), status: 400, request: 'GET / HTTP/1.1'})
    expect(read(format, '{"t":"2026-12-04T23:07:49+01:00","s":502,"urt":0.004,"r":"GET / HTTP/1.1"}')).toMatchObject({status: 502})
  })

  it('refuses formats it cannot read, saying why', () => {
    const reason = (text: string, escape: AccessLogFormat['escape'] = 'default') => {
      const compiled = compileFormat({name: 'x', escape, text})
      return compiled.ok ? 'readable' : compiled.reason
    }
    expect(reason('$remote_addr [$time_local] "$request"')).toBe('log_format x has no $status')
    expect(reason('$remote_addr $status')).toBe('log_format x has no $time_local, $time_iso8601 or $msec')
    expect(reason('$remote_addr$request_time $status [$time_local]')).toBe('log_format x writes $remote_addr and $request_time with no separator')
    expect(reason('{"s":"$status$upstream_status","t":"$msec"}', 'json')).toBe('log_format x: $status is not the whole value of a JSON key')
    expect(reason('[$time_local] $status$body_bytes_sent')).toBe('readable')
  })
})

describe('the 400 count of nginx/header-buffers by format', () => {
  const begin = (attrs: string) => `==FLEET ${FIXTURE_NONCE} BEGIN log kind=nginx-access ${attrs}==`
  const end = `==FLEET ${FIXTURE_NONCE} END log rc=0==`
  const host = (directives: string, path: string, lines: string[]) => {
    const body = `${lines.join('\n')}\n`
    const stream = fixtureText('probe/fpm-stopped.txt')
      .replace(/==FLEET \S+ BEGIN log kind=nginx-access[\s\S]*?END log rc=\d+==\n/, '')
      .replace('\taccess_log /var/log/nginx/access.log;', directives)
      .replace(/^now=\d+$/m, `now=${NOW}`)
      .replace(`==FLEET ${FIXTURE_NONCE} BEGIN done`, `${begin(`path=${path} size=${Buffer.byteLength(body)}`)}\n${body}${end}\n==FLEET ${FIXTURE_NONCE} BEGIN done`)
    return parseProbeOutput(stream, FIXTURE_NONCE)
  }
  const json = SITE.split('\n').slice(0, 2).join('\n')

  it('counts the 400s of a JSON access log', () => {
    const facts = host(`${json}\n\taccess_log /var/log/nginx/json.log fleetjson;`, '/var/log/nginx/json.log', logLines('formats/json.log'))
    expect(windowedLogs(facts).nginxAccess.map((entry) => entry.status)).toEqual([400, 400, 200, 400])
    const {findings, skipped} = run(nginxHeaderBuffers, facts)
    expect(skipped).toEqual([])
    expect(findings.map((finding) => finding.message)).toEqual([expect.stringMatching(/^3 400 responses in the last 1h \(\/ x2, \/custom\/b\)/)])
  })

  it('a location-level access_log is read with its own format', () => {
    const directives = `${SITE.split('\n').slice(2, 3).join('\n')}\n\tserver { listen 8080; location /custom/ { access_log /var/log/nginx/custom.log fleetcustom; } }`
    const lines = logLines('formats/custom.log').map((line) => line.replace('|404|', '|400|'))
    const facts = host(directives, '/var/log/nginx/custom.log', lines)
    expect(windowedLogs(facts).nginxAccess.map((entry) => [entry.status, entry.request])).toEqual([[400, 'GET /custom/a HTTP/1.1']])
  })

  it('a format with no $status is host/partial and the 400 count is skipped, never "no 400s"', () => {
    const facts = host(
      `\tlog_format nostatus '$remote_addr [$time_local] "$request"';\n\taccess_log /var/log/nginx/plain.log nostatus;`,
      '/var/log/nginx/plain.log',
      ['10.231.8.1 [04/Dec/2026:23:07:49 +0100] "GET / HTTP/1.1"'],
    )
    expect(facts.partial).toContainEqual({fact: 'log:/var/log/nginx/plain.log', reason: 'access-log format not readable: log_format nostatus has no $status'})
    const {findings, skipped} = run(nginxHeaderBuffers, facts)
    expect(findings).toEqual([])
    expect(skipped).toEqual(['400 responses not counted: access-log format not readable (/var/log/nginx/plain.log: log_format nostatus has no $status)'])
  })
})
