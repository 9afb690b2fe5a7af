/**
 * Judging one host is linear in what it sent: with N servers passing to N sockets, N
 * FPM pools and N stat'ed paths, every check together reads each of those lists O(N)
 * times, not O(N) times per server (counted through a proxy, never timed).
 */
import {describe, expect, it} from 'vitest'

import {allChecks} from '../../../src/checks/index.js'
import {runChecks} from '../../../src/checks/run-checks.js'
import type {FpmPool} from '../../../src/fpm/types.js'
import {parseNginxDump} from '../../../src/nginx/parse-dump.js'
import type {HostFacts, PathStat} from '../../../src/probe/facts.js'
import {factsFrom} from './rule-tester.js'

/** `list` behind a proxy that counts reads of its elements into `reads.n`. */
function counted<T>(list: T[], reads: {n: number}): T[] {
  return new Proxy(list, {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) reads.n++
      return Reflect.get(target, key, receiver)
    },
  })
}

/** `object` behind a proxy that counts reads of the given fields into `reads.n`. */
function countedFields<T extends object>(object: T, fields: string[], reads: {n: number}): T {
  return new Proxy(object, {
    get(target, key, receiver) {
      if (typeof key === 'string' && fields.includes(key)) reads.n++
      return Reflect.get(target, key, receiver)
    },
  })
}

function bigHost(n: number, reads: {n: number}): HostFacts {
  const facts = factsFrom('healthy')
  const lines = ['# configuration file /etc/nginx/nginx.conf:', 'user www-data;', 'http {']
  for (let i = 0; i < n; i++) {
    lines.push(`server { listen 80; server_name s${i}; root /srv/${i}; location ~ \\.php$ { fastcgi_pass unix:/run/php/s${i}.sock; } }`)
  }
  lines.push('}', '')
  facts.nginx.config = parseNginxDump(lines.join('\n'))
  const install = facts.fpm.find((f) => f.config && f.config.pools.length > 0)!
  const template = install.config!.pools[0]
  // Half the pools listen where nginx passes, half elsewhere (socket-mismatch territory).
  // Each pool counts reads of where it listens, however a check reaches it.
  const pools: FpmPool[] = Array.from({length: n}, (_, i) =>
    countedFields({...template, name: `p${i}`, listen: `/run/php/${i % 2 ? 's' : 'p'}${i}.sock`, listenKind: 'unix'}, ['listen', 'listenKind'], reads),
  )
  install.config = {...install.config!, pools: counted(pools, reads)}
  const paths: PathStat[] = Array.from({length: n}, (_, i) => ({path: `/run/php/s${i}.sock`, exists: i % 3 !== 0, type: 'socket', owner: 'www-data', group: 'www-data', mode: '660'}))
  facts.paths = counted(paths, reads)
  return facts
}

describe('all checks over one big host', () => {
  it('read its pools and stat list O(N) times', () => {
    const n = 600
    const reads = {n: 0}
    const {findings} = runChecks(allChecks, bigHost(n, reads))
    expect(findings.length).toBeGreaterThan(n / 2)
    expect(findings.filter((f) => f.check === 'upstream/socket-mismatch').length).toBeGreaterThan(50)
    // Quadratic lookups read them n*n = 360,000 times.
    expect(reads.n).toBeLessThan(40 * n)
    // Nor may the report grow with the square of the host (every pool named for every address).
    expect(findings.reduce((sum, f) => sum + f.evidence.length, 0)).toBeLessThan(40 * n)
  })

  it('read its config O(N) times when none of its N logs could be read', () => {
    const n = 400
    const facts = factsFrom('healthy')
    const lines = ['# configuration file /etc/nginx/nginx.conf:', 'http {']
    for (let i = 0; i < n; i++) lines.push(`server { listen 80; server_name s${i}; access_log /var/log/s${i}.log; error_log /var/log/s${i}.err; }`)
    lines.push('}', '')
    const config = parseNginxDump(lines.join('\n'))
    const reads = {n: 0}
    const http = config.tree.find((d) => d.directive === 'http')!
    http.block = counted(http.block!, reads)
    facts.nginx.config = config
    facts.logs = {nginxError: [], nginxAccess: [], fpm: [], kernel: null}
    for (let i = 0; i < n; i++) facts.partial.push({fact: `log:/var/log/s${i}.log`, reason: 'Permission denied'}, {fact: `log:/var/log/s${i}.err`, reason: 'Permission denied'})
    const {skipped} = runChecks(allChecks, facts)
    expect(skipped.some((s) => s.reason.includes('/var/log/s1.log: Permission denied'))).toBe(true)
    expect(reads.n).toBeLessThan(40 * n)
  })

  it('does not report every location against every pool of a host that puts all its pools on one socket', () => {
    const n = 300
    const facts = factsFrom('healthy')
    const lines = ['# configuration file /etc/nginx/nginx.conf:', 'http {']
    for (let i = 0; i < n; i++) lines.push(`server { listen 80; server_name s${i}; location ~ \\.php$ { fastcgi_pass unix:/run/php/one.sock; } }`)
    lines.push('}', '')
    facts.nginx.config = parseNginxDump(lines.join('\n'))
    const install = facts.fpm.find((f) => f.config && f.config.pools.length > 0)!
    const template = install.config!.pools[0]
    install.config = {...install.config!, pools: Array.from({length: n}, (_, i) => ({...template, name: `p${i}`, listen: '/run/php/one.sock', listenKind: 'unix' as const}))}
    const {findings} = runChecks(allChecks, facts)
    expect(findings.filter((f) => f.check === 'timeouts/order').length).toBeGreaterThanOrEqual(n)
    expect(findings.length).toBeLessThan(10 * n)
  })
})
