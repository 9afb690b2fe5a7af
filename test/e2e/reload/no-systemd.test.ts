/**
 * fleet reload on a host without systemd (booted as a plain process tree: SysV scripts, pid files):
 * the reload falls back to `service nginx reload`, and a bad push is still rolled back.
 */
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import type {ReloadReport} from '../../../src/reload/types.js'
import {bootLab, labUnavailable, startFleet, type ReloadLab} from './reload-lab.js'

const SITE = '/etc/nginx/sites-available/app'
const unavailable = labUnavailable()

describe.skipIf(unavailable !== null)(`fleet reload without systemd${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let lab: ReloadLab
  let original = ''
  const reload = async (...args: string[]) => {
    const r = await startFleet(
      ['reload', '-i', lab.inventory, '--all', '--known-hosts', lab.knownHosts, '--identity', lab.key, '--yes', '--json', '--settle', '1', ...args],
      join(lab.dir, 'state'),
    ).done
    return {...r, report: JSON.parse(r.stdout) as ReloadReport}
  }
  const write = (content: string) => lab.sh('rs1', `cat > ${SITE} <<'FLEET_EOF'\n${content}FLEET_EOF`)
  const header = async () => {
    const r = await fetch(`http://${lab.hosts[0].address}/`, {signal: AbortSignal.timeout(10_000)})
    await r.arrayBuffer()
    return `${r.status} ${r.headers.get('x-fleet-push') ?? '-'}`
  }

  beforeAll(async () => {
    lab = await bootLab(['rs1'], {rs1: ['no-systemd']})
    original = await lab.sh('rs1', `cat ${SITE}`)
  })
  afterAll(async () => {
    await lab?.down()
  })

  it('reloads through the service script and verifies; a broken push is rolled back', async () => {
    expect((await reload('--dry-run')).code).toBe(0)
    await write(original.replace(/^(\tindex index\.php;)$/m, '$1\n\tadd_header X-Fleet-Push sysv;'))
    const good = await reload()
    expect(good.report.hosts[0].outcome, good.stderr).toBe('reloaded')
    expect(good.report.hosts[0].reload!.method).not.toBe('systemctl reload nginx')
    expect(await header()).toBe('200 sysv')

    await write(original.replace(/^(\t\tinclude snippets\/fastcgi-php\.conf;)$/m, '\t\troot /srv/missing;\n$1'))
    const bad = await reload()
    expect(bad.code).not.toBe(0)
    expect(bad.report.hosts[0].outcome).toBe('rolled-back')
    expect(await header()).toBe('200 sysv')
  })
})
