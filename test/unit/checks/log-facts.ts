/**
 * Facts for the log-diagnosis checks: probe outputs recorded from lab hosts carrying
 * one fault each (test/fixtures/checks/logs/record.sh), and the real log lines of
 * test/fixtures/logs (recorded in a lab container, see its README).
 */
import type {HostFacts} from '../../../src/probe/facts.js'
import {parseProbeOutput} from '../../../src/probe/parse.js'
import {FIXTURE_NONCE, fixtureText} from './rule-tester.js'

export type LogScenario =
  | 'max-children'
  | 'request-terminated'
  | 'child-killed'
  | 'slow-requests'
  | 'header-buffers'
  | 'header-vhost'
  | 'refused'
  | 'oom-kill'
  | 'upstream-timeout'
  | 'backlog-full'
  | 'fatal-signals'

/** A fresh object each call, like factsFrom(). */
export function logFacts(name: LogScenario): HostFacts {
  return structuredClone(parseProbeOutput(fixtureText(`checks/logs/${name}.txt`), FIXTURE_NONCE))
}

/** Lines of a recorded log file (test/fixtures/logs), optionally only those matching. */
export function logLines(file: string, matching?: RegExp): string[] {
  const lines = fixtureText(`logs/${file}`).split('\n').filter((line) => line !== '')
  return matching ? lines.filter((line) => matching.test(line)) : lines
}

/**
 * A host clock just after the recorded nginx error / FPM lines (written in the
 * container's local time, 23:43-23:44), read in a UTC host: they fall in the window.
 */
export const LAB_LOGS_NOW = Date.UTC(2026, 10, 25, 23, 45, 0) / 1000

/** The same moment for the access log, whose lines carry their zone (+0530): 18:15 UTC. */
export const LAB_ACCESS_NOW = Date.UTC(2026, 10, 25, 18, 15, 0) / 1000

/** Two hours on: every recorded line is older than the default one-hour window. */
export function later(facts: HostFacts, seconds = 7200): HostFacts {
  const copy = structuredClone(facts)
  copy.system.now += seconds
  return copy
}
