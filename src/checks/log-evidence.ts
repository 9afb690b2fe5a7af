import type {HostFacts} from '../probe/facts.js'
import {windowedLogs} from './windowed-logs.js'

/** The last `limit` nginx error-log lines inside the window that match, newest last, for evidence. */
export function nginxErrorLines(facts: HostFacts, matches: (line: string) => boolean, limit: number): string[] {
  return windowedLogs(facts)
    .nginxError.map((entry) => entry.raw)
    .filter(matches)
    .slice(-limit)
}
