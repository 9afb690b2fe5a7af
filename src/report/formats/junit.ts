/**
 * JUnit XML for CI dashboards: a testsuite per host, a testcase per host x check.
 * Warning/critical findings fail the case, info and waived ones go to system-out, checks that
 * could not run are skipped, and an unreachable host is one errored `host/unreachable` case.
 */
import type {Finding} from '../../checks/types.js'
import {escapeXml} from '../sanitize.js'
import {counts, isUnreachable, UNREACHABLE_CHECK, worstSeverity} from '../status.js'
import type {FleetReport, HostReport} from '../types.js'
import type {FormatContext, FormatDefinition, SafeReport} from './types.js'

interface Tally {
  tests: number
  failures: number
  errors: number
  skipped: number
}

// Line feeds as character references: parsers would otherwise normalize them to spaces in attributes.
const attr = (name: string, value: string | number): string => ` ${name}="${escapeXml(String(value)).replace(/\n/g, '&#10;').replace(/\r/g, '&#13;')}"`
const seconds = (ms: number): string => (ms / 1000).toFixed(3)

function describe(findings: Finding[]): string {
  return findings
    .map((f) => {
      const waived = f.waived ? ` (waived until ${f.waived.expires}: ${f.waived.justification}; ${f.waived.source})` : ''
      const evidence = f.evidence.map((l) => `  ${l}`).join('\n')
      return `[${f.severity}] ${f.message}${waived}\n${evidence}${evidence ? '\n' : ''}fix: ${f.fix}`
    })
    .join('\n\n')
}

export function checkIdsOf(report: FleetReport): string[] {
  const ids = new Set<string>()
  for (const h of report.hosts) {
    for (const f of h.findings) ids.add(f.check)
    for (const s of h.skipped) ids.add(s.check)
  }
  ids.delete(UNREACHABLE_CHECK)
  return [...ids].sort()
}

function unreachableCase(host: HostReport, tally: Tally): string {
  tally.tests++
  tally.errors++
  const kind = host.error?.kind ?? 'unknown'
  const message = host.error ? `${host.error.kind}: ${host.error.message}` : 'host could not be checked'
  const body = describe(host.findings.filter((f) => f.check === UNREACHABLE_CHECK && counts(f)))
  return `    <testcase${attr('classname', host.host)}${attr('name', UNREACHABLE_CHECK)} time="0"><error${attr('message', message)}${attr('type', kind)}>${escapeXml(body)}</error></testcase>\n`
}

function checkCase(host: HostReport, check: string, tally: Tally): string {
  const findings = host.findings.filter((f) => f.check === check && f.change !== 'removed')
  const failing = findings.filter((f) => counts(f) && f.severity !== 'info')
  const skip = host.skipped.find((s) => s.check === check)
  const open = `    <testcase${attr('classname', host.host)}${attr('name', check)} time="0">`
  tally.tests++
  if (failing.length > 0) {
    tally.failures++
    const more = failing.length > 1 ? ` (+${failing.length - 1} more)` : ''
    const type = worstSeverity(failing) ?? 'warning'
    return `${open}<failure${attr('message', failing[0].message + more)}${attr('type', type)}>${escapeXml(describe(findings))}</failure></testcase>\n`
  }
  if (findings.length === 0 && skip) {
    tally.skipped++
    return `${open}<skipped${attr('message', skip.reason)}/></testcase>\n`
  }
  if (findings.length > 0) return `${open}<system-out>${escapeXml(describe(findings))}</system-out></testcase>\n`
  return `${open}</testcase>\n`
}

function suite(host: HostReport, checks: string[], timestamp: string): {xml: string; tally: Tally} {
  const tally: Tally = {tests: 0, failures: 0, errors: 0, skipped: 0}
  let cases = ''
  if (isUnreachable(host)) cases = unreachableCase(host, tally)
  else for (const check of checks) cases += checkCase(host, check, tally)
  const head =
    `  <testsuite${attr('name', host.host)}${attr('hostname', host.address)}${attr('tests', tally.tests)}` +
    `${attr('failures', tally.failures)}${attr('errors', tally.errors)}${attr('skipped', tally.skipped)}` +
    `${attr('time', seconds(host.durationMs))}${attr('timestamp', timestamp)}>\n` +
    `    <properties><property${attr('name', 'status')}${attr('value', host.status)}/>` +
    (host.cause ? `<property${attr('name', 'cause')}${attr('value', host.cause)}/>` : '') +
    `</properties>\n`
  return {xml: `${head}${cases}  </testsuite>\n`, tally}
}

export function renderJunit(report: SafeReport, context: FormatContext): string {
  const checks = (context.checkIds ?? checkIdsOf(report)).filter((c) => c !== UNREACHABLE_CHECK)
  // JUnit timestamps are ISO 8601 without zone in the Ant schema; seconds precision is enough.
  const timestamp = (report.startedAt ? new Date(report.startedAt) : (context.now ?? new Date())).toISOString().slice(0, 19)
  const total: Tally = {tests: 0, failures: 0, errors: 0, skipped: 0}
  let body = ''
  for (const host of report.hosts) {
    const {xml, tally} = suite(host, checks, timestamp)
    body += xml
    for (const k of Object.keys(total) as Array<keyof Tally>) total[k] += tally[k]
  }
  const time = seconds(report.durationMs ?? report.hosts.reduce((n, h) => Math.max(n, h.durationMs), 0))
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites${attr('name', 'fleet')}${attr('tests', total.tests)}${attr('failures', total.failures)}` +
    `${attr('errors', total.errors)}${attr('skipped', total.skipped)}${attr('time', time)}>\n${body}</testsuites>\n`
  )
}

export const junitFormatter: FormatDefinition = {name: 'junit', extension: 'xml', render: renderJunit}
