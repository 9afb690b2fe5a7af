/** The CLI's contract outside check results: exit codes for bad input, hosts, explain. Nothing is contacted. */
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {beforeAll, describe, expect, it} from 'vitest'

import {emittableMetas} from '../../../src/cli/explain.js'
import {runFleet} from '../support/fleet-cli.js'

let dir: string
let inventory: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fleet-cli-'))
  inventory = join(dir, 'inventory.yml')
  writeFileSync(
    inventory,
    ['hosts:', '  web01: { address: 127.0.0.11 }', '  web02: { address: 127.0.0.12 }', '  db01: { address: 127.0.0.13 }', 'groups:', '  web: { hosts: [web01, web02] }', ''].join('\n'),
  )
})

describe('fleet hosts', () => {
  it('lists what a selection resolves to', async () => {
    const result = await runFleet(['hosts', '-i', inventory, '--limit', 'web:!web02', '--json'])
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout).map((host: {name: string}) => host.name)).toEqual(['web01'])
  })

  it('exits 64 naming the pattern when it matches nothing', async () => {
    const result = await runFleet(['hosts', '-i', inventory, '--group', 'nope'])
    expect(result.code).toBe(64)
    expect(result.stderr).toMatch(/nope/)
  })

  it('exits 65 naming file, line, column and field for a bad inventory', async () => {
    const bad = join(dir, 'bad.yml')
    writeFileSync(bad, 'hosts:\n  web01: { address: 127.0.0.11, port: 22x }\n')
    const result = await runFleet(['check', '-i', bad, '--all'])
    expect(result.code).toBe(65)
    expect(result.stderr).toMatch(/bad\.yml:2:\d+: hosts\.web01\.port/)
  })

  it('exits 64 for a missing inventory and says how to check this machine instead', async () => {
    const result = await runFleet(['check', '-i', join(dir, 'missing.yml'), '--all'])
    expect(result.code).toBe(64)
    expect(result.stderr).toMatch(/--local/)
  })

  it('exits 64 for an unknown flag, never 2 (which means critical)', async () => {
    const result = await runFleet(['check', '--no-such-flag'])
    expect(result.code).toBe(64)
  })
})

describe('fleet explain', () => {
  it('documents every ID fleet can emit, fleet/waiver-expired included', async () => {
    const result = await runFleet(['explain', '--json'])
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout).map((entry: {id: string}) => entry.id)).toEqual(emittableMetas.map((meta) => meta.id))
  })

  it('prints what a check means, the symptom and the fix', async () => {
    const result = await runFleet(['explain', 'upstream/socket-missing'])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/What it means[\s\S]*Symptom[\s\S]*502[\s\S]*Fix/)
  })

  it('exits 64 for an unknown check and lists the known ones', async () => {
    const result = await runFleet(['explain', 'nginx/nope'])
    expect(result.code).toBe(64)
    expect(result.stderr).toMatch(/upstream\/socket-missing/)
  })
})

describe('fleet check --local', () => {
  it('checks this machine without SSH and prints the JSON contract', async () => {
    const result = await runFleet(['check', '--local', '--json'])
    const report = JSON.parse(result.stdout)
    expect(report.version).toBe(1)
    expect(report.hosts).toHaveLength(1)
    expect(report.hosts[0].error).toBeNull()
    expect(Object.keys(report.summary).sort()).toEqual(['critical', 'hosts', 'info', 'ok', 'unreachable', 'warning'])
    expect([0, 1, 2]).toContain(result.code)
  })
})
