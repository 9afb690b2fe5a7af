/**
 * Issue 14 item 1 for `fleet reload`, on two real lab hosts: it says how many hosts were
 * selected before contacting any, and states the batch plan before the first reload, also
 * under --yes, where no prompt shows it.
 */
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {bootLab, labUnavailable, startFleet, type ReloadLab} from '../reload/reload-lab.js'

const unavailable = labUnavailable()

describe.skipIf(unavailable !== null)(`fleet reload says what it will do${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let lab: ReloadLab
  beforeAll(async () => {
    lab = await bootLab(['rp1', 'rp2'])
  })
  afterAll(async () => {
    await lab?.down()
  })

  it('"2 hosts selected", then the plan, then the first reload', async () => {
    const args = ['reload', '-i', lab.inventory, '--group', 'lab', '--known-hosts', lab.knownHosts, '--identity', lab.key, '--yes', '--json', '--batch', '1', '--settle', '1']
    const r = await startFleet(args, join(lab.dir, 'state')).done
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout).ok).toBe(true)
    const selected = r.stderr.indexOf(`2 hosts selected (--group lab) from ${lab.inventory}`)
    const plan = r.stderr.indexOf('plan: reload 2 hosts in 2 batches\n  batch 1 (canary): rp1\n  batch 2: rp2\n')
    const firstReload = r.stderr.indexOf('batch 1: rp1: reloaded')
    expect(selected, r.stderr).toBeGreaterThanOrEqual(0)
    expect(plan, r.stderr).toBeGreaterThan(selected)
    expect(firstReload, r.stderr).toBeGreaterThan(plan)
  })
})
