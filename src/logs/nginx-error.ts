import type {LogContext, NginxErrorEntry} from './types.js'
import {parseJournalLine} from './journal.js'
import {localToEpoch} from './local-time.js'

/**
 * nginx error log line, in the order nginx writes it:
 * src/core/ngx_log.c `ngx_log_error_core`: `YYYY/MM/DD HH:MM:SS [level] PID#TID: *CID MESSAGE`,
 * then ` (ERRNO: TEXT)` when an errno is set, then the handler:
 * src/http/ngx_http_request.c `ngx_http_log_error`: ` while ACTION`, `, client: A`, `, server: S`,
 * and `ngx_http_log_error_handler`: `, request: "R"`, `, subrequest: "U"`,
 * `, upstream: "U"` (a trailing `:` for unix sockets), `, host: "H"`, `, referrer: "F"`.
 */
const HEAD = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2}) \[(\w+)\] (\d+)#(\d+): (?:\*(\d+) )?(.*)$/
const CONTEXT =
  /^(.*?), client: ([^,]*)(?:, server: ([^,]*))?(?:, request: "(.*?)")?(?:, subrequest: "(.*?)")?(?:, upstream: "(.*?)")?(?:, host: "(.*?)")?(?:, referrer: "(.*?)")?$/
const ERRNO = /^(.*) \((\d+): ([^()]*)\)$/
// nginx actions are fixed phrases ("reading response header from upstream"): plain words only,
// which keeps a ' while ' inside quoted FastCGI stderr from being taken for one.
const ACTION = /^(.*) while ([A-Za-z0-9 _-]+)$/

export function parseNginxErrorLine(line: string, context: LogContext): NginxErrorEntry | null {
  // `error_log syslog:...` read back with journalctl: the journal's prefix, then nginx's own line;
  // the journal's stamp carries its offset, so it is the one used.
  const journal = HEAD.test(line) ? null : parseJournalLine(line)
  const head = HEAD.exec(journal ? journal.message : line)
  if (!head) return null
  const [, y, mo, d, h, mi, s, level, pid, tid, cid, rest] = head
  const entry: NginxErrorEntry = {
    time: journal ? journal.time : localToEpoch(+y, +mo - 1, +d, +h, +mi, +s, context),
    raw: line,
    continuation: [],
    level,
    pid: Number(pid),
    tid: Number(tid),
    message: rest,
  }
  if (cid !== undefined) entry.cid = Number(cid)

  let body = rest
  const ctx = CONTEXT.exec(rest)
  if (ctx) {
    body = ctx[1]
    assign(entry, {client: ctx[2], server: ctx[3], request: ctx[4], subrequest: ctx[5], upstream: ctx[6], host: ctx[7], referrer: ctx[8]})
  }
  const action = ACTION.exec(body)
  if (action) {
    body = action[1]
    entry.action = action[2]
  }
  const errno = ERRNO.exec(body)
  if (errno) {
    body = errno[1]
    entry.errno = Number(errno[2])
    entry.errnoText = errno[3]
  }
  entry.message = body
  return entry
}

function assign(entry: NginxErrorEntry, fields: Partial<Record<keyof NginxErrorEntry, string | undefined>>): void {
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) (entry as unknown as Record<string, string>)[key] = value
  }
}
