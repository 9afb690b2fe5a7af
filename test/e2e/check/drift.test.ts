/**
 * fleet/config-drift and `fleet diff` on real lab hosts: a group of four where a config
 * push (fastcgi_read_timeout 60s -> 120s, pm.max_children 5 -> 12, memory_limit 128M -> 256M in
 * a conf.d file, then reload) reached three hosts and missed one, made the way a push does it:
 * files edited, services reloaded.
 */
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {labAvailable, labUp, type Lab} from '../../lab/lab.js'
import {runFleet} from '../support/fleet-cli.js'

const lab = labAvailable()
const HOSTS = ['dr01', 'dr02', 'dr03', 'dr04']
const MISSED = 'dr03'
const SITE = '/etc/nginx/sites-available/app'
const POOL = '/etc/php/8.2/fpm/pool.d/www.conf'
const CONF_D = '/etc/php/8.2/fpm/conf.d/99-app.ini'

/** The state every host had before the push: the timeout written in the PHP location. */
const BASELINE = `sed -i -E 's|^(\\s*)(fastcgi_pass .*;)|\\1\\2\\n\\1fastcgi_read_timeout 60s;|' ${SITE} && nginx -t -q && systemctl reload nginx`
const PUSH = [
  `sed -i -E 's|fastcgi_read_timeout 60s;|fastcgi_read_timeout 120s;|' ${SITE}`,
  `sed -i -E 's|^pm\\.max_children = .*|pm.max_children = 12|' ${POOL}`,
  // PHP reads conf.d after php.ini: this file, not php.ini, sets the limit FPM runs with.
  `printf 'memory_limit = 256M\\n' >${CONF_D}`,
  'nginx -t -q',
  'systemctl reload nginx',
  'systemctl restart php8.2-fpm',
].join(' && ')

interface JsonFinding {
  check: string
  message: string
  evidence: string[]
}

describe.skipIf(!lab.ok)('fleet/config-drift and fleet diff: a push that missed one host of four', () => {
  let fleet: Lab
  let inventory: string
  const args = () => ['-i', inventory, '--known-hosts', fleet.knownHosts, '--identity', fleet.identity, '--timeout', '5']

  beforeAll(async () => {
    fleet = await labUp(HOSTS.map((name) => ({name})))
    for (const name of HOSTS) {
      const baseline = await fleet.exec(name, BASELINE)
      expect(baseline.code, `${name}: ${baseline.stderr}`).toBe(0)
    }
    for (const name of HOSTS.filter((host) => host !== MISSED)) {
      const push = await fleet.exec(name, PUSH)
      expect(push.code, `${name}: ${push.stderr}`).toBe(0)
    }
    inventory = join(fleet.dir, 'drift-inventory.yml')
    const lines = ['defaults: { user: root, port: 22 }', 'hosts:', ...fleet.hosts.map((host) => `  ${host.name}: { address: ${host.address} }`)]
    lines.push('groups:', `  web: { hosts: [${HOSTS.join(', ')}] }`)
    writeFileSync(inventory, `${lines.join('\n')}\n`)
  })

  afterAll(async () => {
    await fleet?.down()
  })

  it('fleet check names the host that missed the push, with the majority and FILE:LINE', async () => {
    const result = await runFleet(['check', ...args(), '--group', 'web', '--json'])
    expect(result.stderr).not.toMatch(/Error:/)
    const report = JSON.parse(result.stdout) as {hosts: Array<{host: string; findings: JsonFinding[]}>}
    const drift = (name: string) => report.hosts.find((host) => host.host === name)!.findings.filter((finding) => finding.check === 'fleet/config-drift')
    for (const name of HOSTS.filter((host) => host !== MISSED)) expect(drift(name), name).toEqual([])
    const messages = drift(MISSED).map((finding) => finding.message)
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^http > server\[_\] > location\[~ \\\.php\$\] fastcgi_read_timeout is 60s \(\/etc\/nginx\/sites-enabled\/app:\d+\) here; 120s on 3 of 4 hosts of group web$/),
        expect.stringMatching(/^pool\[www\] pm\.max_children is 5 \(\/etc\/php\/8\.2\/fpm\/pool\.d\/www\.conf:\d+\) here; 12 on 3 of 4 hosts of group web$/),
        'pool[www] memory_limit is 128M (/etc/php/8.2/fpm/php.ini) here; 256M on 3 of 4 hosts of group web',
      ]),
    )
    // The majority's value is named where it is set: the conf.d file, not php.ini.
    const limit = drift(MISSED).find((finding) => finding.message.startsWith('pool[www] memory_limit'))
    expect(limit?.evidence.join('\n')).toContain(CONF_D)
    // Nothing but what the push changed differs: no noise from per-host values.
    expect(drift(MISSED)).toHaveLength(3)
  })

  it('fleet diff shows the directive and the pool key with FILE:LINE on both hosts, and exits 1', async () => {
    const result = await runFleet(['diff', ...args(), MISSED, 'dr01', '--json'])
    expect(result.code, result.stderr).toBe(1)
    const diff = JSON.parse(result.stdout) as {equal: boolean; hosts: string[]; differences: Array<{kind: string; context: string; setting: string; a: Array<{value: string; at: string}> | null; b: Array<{value: string; at: string}> | null}>}
    expect(diff.equal).toBe(false)
    expect(diff.hosts).toEqual([MISSED, 'dr01'])
    const timeout = diff.differences.find((difference) => difference.setting === 'fastcgi_read_timeout')
    expect(timeout?.context).toBe('http > server[_] > location[~ \\.php$]')
    expect(timeout?.a).toEqual([{value: '60s', at: expect.stringMatching(/^\/etc\/nginx\/sites-enabled\/app:\d+$/)}])
    expect(timeout?.b).toEqual([{value: '120s', at: timeout?.a?.[0].at}])
    const children = diff.differences.find((difference) => difference.context === 'pool[www]' && difference.setting === 'pm.max_children')
    expect(children?.a?.[0]).toEqual({value: '5', at: expect.stringMatching(/^\/etc\/php\/8\.2\/fpm\/pool\.d\/www\.conf:\d+$/)})
    expect(children?.b?.[0].value).toBe('12')

    const text = await runFleet(['diff', ...args(), MISSED, 'dr01'])
    expect(text.code).toBe(1)
    expect(text.stdout).toMatch(/^~ nginx http > server\[_\] > location\[~ \\\.php\$\] fastcgi_read_timeout$/m)
    expect(text.stdout).toMatch(/^ {4}dr03 {2}60s {2}\/etc\/nginx\/sites-enabled\/app:\d+$/m)
    expect(text.stdout).toMatch(/^ {4}dr01 {2}120s {2}\/etc\/nginx\/sites-enabled\/app:\d+$/m)
  })

  it('fleet diff between two hosts the push reached finds them the same and exits 0', async () => {
    const result = await runFleet(['diff', ...args(), 'dr01', 'dr02'])
    expect(result.code, result.stdout + result.stderr).toBe(0)
    expect(result.stdout).toMatch(/the same/)
  })
})
