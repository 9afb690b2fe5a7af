import type {HostFacts, ServiceState} from '../probe/facts.js'
import type {Finding} from '../checks/types.js'
import type {HostReport} from '../report/types.js'

const NOT_KNOWN = '-'

/** Short states for the fleet table; the findings carry the detail. */
export function hostColumns(facts: HostFacts | null, findings: Finding[]): HostReport['columns'] {
  if (!facts) return {nginx: NOT_KNOWN, fpm: NOT_KNOWN, configTest: NOT_KNOWN, sockets: NOT_KNOWN}
  return {
    nginx: facts.nginx.installed ? serviceWord(facts.nginx.service) : 'absent',
    fpm: fpmWord(facts),
    configTest: configTestWord(facts),
    sockets: socketsWord(findings),
  }
}

function serviceWord(service: ServiceState): string {
  return service.active === 'unknown' ? '?' : service.active
}

function fpmWord(facts: HostFacts): string {
  const installed = facts.fpm.filter((install) => install.service.installed)
  if (installed.length === 0) return 'absent'
  return installed.map((install) => `${install.version} ${serviceWord(install.service)}`).join(', ')
}

function configTestWord(facts: HostFacts): string {
  const results: string[] = []
  if (facts.nginx.test) results.push(facts.nginx.test.exitCode === 0 ? 'ok' : 'nginx failed')
  for (const install of facts.fpm) {
    if (install.test && install.test.exitCode !== 0) results.push(`fpm ${install.version} failed`)
  }
  return results.length > 0 ? results.join(', ') : NOT_KNOWN
}

const SOCKET_CHECKS = ['upstream/socket-missing', 'upstream/socket-mismatch', 'upstream/socket-permission']

function socketsWord(findings: Finding[]): string {
  const problems = findings.filter((finding) => SOCKET_CHECKS.includes(finding.check))
  if (problems.length === 0) return 'ok'
  return problems.map((finding) => finding.check.replace('upstream/socket-', '')).join(', ')
}
