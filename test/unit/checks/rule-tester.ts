/**
 * RuleTester for fleet checks, after ESLint's: each check gets valid cases (must not
 * report at all) and invalid ones (must report exactly the listed messageIds), on
 * facts parsed from RECORDED REAL probe outputs (test/fixtures/probe) with, where a
 * fault needs them, REAL log lines (test/fixtures/logs) put into the log window.
 */
import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

import {describe, expect, it} from 'vitest'

import {runChecks} from '../../../src/checks/run-checks.js'
import type {Check, Finding} from '../../../src/checks/types.js'
import type {HostFacts} from '../../../src/probe/facts.js'
import {parseProbeOutput} from '../../../src/probe/parse.js'

/** Nonce used by test/fixtures/probe/record.sh. */
export const FIXTURE_NONCE = 'fx0nce7q2'

const fixturesDir = fileURLToPath(new URL('../../fixtures/', import.meta.url))

export function fixtureText(relative: string): string {
  return readFileSync(`${fixturesDir}${relative}`, 'utf8')
}

/** Facts from a recorded probe run, e.g. factsFrom('healthy'). A fresh object each call. */
export function factsFrom(name: string): HostFacts {
  // structuredClone: the parsed nginx tree is shared (cached per dump) and frozen; tests edit their copy.
  return structuredClone(parseProbeOutput(fixtureText(`probe/${name}.txt`), FIXTURE_NONCE))
}

export interface LogOverrides {
  nginxError?: string[]
  nginxAccess?: string[]
  fpm?: string[]
  kernel?: string[]
}

/**
 * Replaces log tails with the given lines and, when `now` is given, moves the host
 * clock there, so recorded lines fall inside (or outside) the probe window.
 */
export function withLogs(facts: HostFacts, logs: LogOverrides, now?: number): HostFacts {
  const copy = structuredClone(facts)
  if (logs.nginxError) copy.logs.nginxError = [{path: '/var/log/nginx/error.log', lines: logs.nginxError, truncated: false}]
  if (logs.nginxAccess) copy.logs.nginxAccess = [{path: '/var/log/nginx/access.log', lines: logs.nginxAccess, truncated: false}]
  if (logs.fpm) copy.logs.fpm = [{path: '/var/log/php8.2-fpm.log', lines: logs.fpm, truncated: false}]
  if (logs.kernel) copy.logs.kernel = {path: 'journalctl -k', lines: logs.kernel, truncated: false}
  if (now !== undefined) copy.system.now = now
  return copy
}

export function run(check: Check, facts: HostFacts): {findings: Finding[]; skipped: string[]} {
  const outcome = runChecks([check], facts)
  return {findings: outcome.findings, skipped: outcome.skipped.map((skip) => skip.reason)}
}

export interface ValidCase {
  name: string
  facts: () => HostFacts
}

export interface InvalidCase extends ValidCase {
  /** messageIds expected, in order. */
  errors: Array<{messageId: string; message?: RegExp; evidence?: RegExp}>
}

export interface SkipCase extends ValidCase {
  skipped: RegExp
}

export function ruleTester(check: Check, cases: {valid: ValidCase[]; invalid: InvalidCase[]; skipped?: SkipCase[]}): void {
  describe(check.meta.id, () => {
    for (const valid of cases.valid) {
      it(`valid: ${valid.name}`, () => {
        const {findings} = run(check, valid.facts())
        expect(findings.map((finding) => `${finding.messageId}: ${finding.message}`)).toEqual([])
      })
    }
    for (const invalid of cases.invalid) {
      it(`invalid: ${invalid.name}`, () => {
        const {findings} = run(check, invalid.facts())
        expect(findings.map((finding) => finding.messageId)).toEqual(invalid.errors.map((error) => error.messageId))
        invalid.errors.forEach((error, index) => {
          const finding = findings[index]
          expect(finding.check).toBe(check.meta.id)
          expect(finding.message).not.toMatch(/\{\{/)
          if (error.message) expect(finding.message).toMatch(error.message)
          if (error.evidence) expect(finding.evidence.join('\n')).toMatch(error.evidence)
        })
      })
    }
    for (const skip of cases.skipped ?? []) {
      it(`skipped: ${skip.name}`, () => {
        const {findings, skipped} = run(check, skip.facts())
        expect(findings).toEqual([])
        expect(skipped.join('\n')).toMatch(skip.skipped)
      })
    }
  })
}
