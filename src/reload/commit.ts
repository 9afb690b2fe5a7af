/**
 * Last round trip per host, on every path: record the verified running tree as known-good (when
 * there is one), write the syslog audit line, release the lock (only if this run holds it).
 */
import type {Transport} from '../transport/types.js'
import {LOCK_RELEASE} from './lock.js'
import {buildScript, runScript} from './remote.js'
import {RECORD_GOOD_SH, SNAPSHOT_SH, validHash} from './snapshot.js'

const LOG_SH = String.raw`
if command -v logger >/dev/null 2>&1; then logger -t fleet-reload -- "$MESSAGE" && emit logged yes; else emit logged no-logger; fi
`

export interface CommitContext {
  run: string
  /** The owner line this run wrote into the lock: only that lock is released. */
  owner: string
  confDir: string
  /** Hash now running and verified (new config, or the restored one), recorded as known-good; null records nothing. */
  expect: string | null
  message: string
  timeoutMs: number
}

export async function commitHost(transport: Transport, ctx: CommitContext): Promise<{released: boolean; recorded: string | null; error: string | null}> {
  const script = buildScript(
    {RUN: ctx.run, OWNER: ctx.owner, CONFDIR: ctx.confDir, EXPECT: ctx.expect ?? '', MESSAGE: ctx.message},
    SNAPSHOT_SH + RECORD_GOOD_SH + LOG_SH + LOCK_RELEASE,
  )
  // Never aborted by Ctrl-C: the lock must be released on every path.
  const s = await runScript(transport, script, {timeoutMs: ctx.timeoutMs})
  return {
    released: s.values.get('lock') === 'released',
    recorded: validHash(s.values.get('recorded')),
    error: s.values.get('record-skipped') ?? null,
  }
}
