/**
 * `fleet check` logging in as a non-root user right after the lab booted the host.
 *
 * The lab's former "unexplained pwuser pre-login close": under load, systemd in a lab host can
 * fail to start systemd-user-sessions.service ("Failed to attach to cgroup ...", exit 219/CGROUP),
 * so the /run/nologin made at boot stays. pam_nologin then refuses every user but root, and sshd
 * ends the connection without a word (`fatal: Access denied for user deploy by PAM account
 * configuration [preauth]`): fleet says `connection closed before login completed`. The lab's
 * readiness check logged in as root, whom pam_nologin lets in, so it handed out such hosts.
 * The `user-sessions-failed` boot hook makes that failure happen on purpose.
 */
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {labAvailable, labUp, type Lab} from '../../lab/lab.js'
import {runFleet} from '../support/fleet-cli.js'

const lab = labAvailable()

interface JsonHost {
  host: string
  status: string
  error: {kind: string; message: string} | null
}

describe.skipIf(!lab.ok)(`non-root logins on a host whose user sessions failed at boot${lab.ok ? '' : ` (skipped: ${lab.reason})`}`, () => {
  let fleet: Lab
  let hosts: JsonHost[]

  beforeAll(async () => {
    fleet = await labUp([{name: 'nl-late', faults: ['user-sessions-failed']}])
    const address = fleet.hosts[0].address
    // One host, reached as each of the lab's non-root users.
    const inventory = join(fleet.dir, 'nonroot-inventory.yml')
    writeFileSync(
      inventory,
      [
        'hosts:',
        `  nl-deploy: { address: ${address}, user: deploy, sudo: true }`,
        `  nl-pwuser: { address: ${address}, user: pwuser, sudo: true }`,
        'groups:',
        '  lab: { hosts: [nl-deploy, nl-pwuser] }',
        '',
      ].join('\n'),
    )
    const result = await runFleet(['check', '-i', inventory, '--group', 'lab', '--known-hosts', fleet.knownHosts, '--identity', fleet.identity, '--json'])
    hosts = (JSON.parse(result.stdout) as {hosts: JsonHost[]}).hosts
  })

  afterAll(async () => {
    await fleet?.down()
  })

  it('the host the lab hands out lets deploy log in (its sudo needs no password)', () => {
    const host = hosts.find((h) => h.host === 'nl-deploy')!
    expect(host.error, JSON.stringify(host.error)).toBeNull()
  })

  it('the same host lets pwuser log in: what stops it is sudo, never the login', () => {
    const host = hosts.find((h) => h.host === 'nl-pwuser')!
    expect(host.error?.kind, JSON.stringify(host.error)).toBe('sudo')
  })
})
