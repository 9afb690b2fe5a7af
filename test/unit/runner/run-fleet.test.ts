/**
 * The runner on the real local transport (the probe really runs on this machine):
 * bounded concurrency, results in inventory order, and an abort that starts nothing new.
 */
import {describe, expect, it} from 'vitest'

import type {HostSpec} from '../../../src/inventory/types.js'
import {runFleet, type RunnerEvent} from '../../../src/runner/run-fleet.js'
import {createLocalConnector} from '../../../src/transport/local.js'

const local = (name: string): HostSpec => ({
  name,
  address: 'localhost',
  port: 0,
  identityFiles: [],
  sudo: false,
  connection: 'local',
  groups: [],
  vars: {},
})

const settings = {windowSeconds: 60, maxLogBytes: 4096, connectTimeoutMs: 5000, commandTimeoutMs: 60_000}

describe('runFleet', () => {
  it('never runs more hosts at once than the concurrency, and keeps inventory order', async () => {
    const connector = createLocalConnector()
    const events: RunnerEvent[] = []
    let running = 0
    let most = 0
    const run = await runFleet([local('a'), local('b'), local('c')], {
      ...settings,
      concurrency: 2,
      connectorFor: () => connector,
      onEvent(event) {
        events.push(event)
        if (event.type === 'start') most = Math.max(most, ++running)
        if (event.type === 'done') running -= 1
      },
      finish: (host, result) => `${host.name}:${result.ok ? 'ok' : result.error.kind}`,
    })
    await connector.close()
    expect(events[0]).toEqual({type: 'plan', total: 3})
    expect(most).toBe(2)
    expect(run.results).toEqual(['a:ok', 'b:ok', 'c:ok'])
    expect(run.interrupted).toBe(false)
  })

  it('frees a host\'s connection place once its output is in: the next host connects while it is judged', async () => {
    const connector = createLocalConnector()
    const started: string[] = []
    const judged: string[] = []
    // Hosts started and not judged yet, seen from each judging: never more than twice the concurrency.
    const underway: number[] = []
    const run = await runFleet([local('a'), local('b'), local('c'), local('d')], {
      ...settings,
      concurrency: 1,
      connectorFor: () => connector,
      onEvent(event) {
        if (event.type === 'start') started.push(event.host)
      },
      finish: (host) => {
        underway.push(started.length - judged.length)
        judged.push(host.name)
        return [...started]
      },
    })
    await connector.close()
    // When a was judged, b had already been started.
    expect(run.results[0]).toEqual(['a', 'b'])
    expect(Math.max(...underway)).toBe(2)
    expect(judged).toEqual(['a', 'b', 'c', 'd'])
  })

  it('output that breaks the judging fails that host only, with the reason; the others are judged', async () => {
    const connector = createLocalConnector()
    const run = await runFleet([local('a'), local('b'), local('c')], {
      ...settings,
      concurrency: 3,
      connectorFor: () => connector,
      finish: (host, result) => {
        if (host.name === 'b' && result.ok) throw new TypeError("Cannot read properties of undefined (reading 'x')\n    at somewhere")
        return `${host.name}:${result.ok ? 'ok' : `${result.error.kind}: ${result.error.message}`}`
      },
    })
    await connector.close()
    expect(run.results).toEqual(['a:ok', "b:protocol: its output could not be judged: Cannot read properties of undefined (reading 'x')", 'c:ok'])
  })

  it('after an abort, hosts not yet started are reported aborted, never contacted', async () => {
    const connector = createLocalConnector()
    const abort = new AbortController()
    const started: string[] = []
    const run = await runFleet([local('a'), local('b'), local('c')], {
      ...settings,
      concurrency: 1,
      connectorFor: () => connector,
      signal: abort.signal,
      onEvent(event) {
        if (event.type === 'start') started.push(event.host)
        if (event.type === 'done') abort.abort()
      },
      finish: (host, result) => `${host.name}:${result.ok ? 'ok' : result.error.kind}`,
    })
    await connector.close()
    expect(started).toEqual(['a'])
    expect(run.results).toEqual(['a:ok', 'b:aborted', 'c:aborted'])
    expect(run.interrupted).toBe(true)
  })
})

describe("runFleet keeps a copy of what finish returns, never the host's own objects", () => {
  it('results equal what finish returned (Maps and Dates too) but share nothing with the probe facts', async () => {
    const connector = createLocalConnector()
    const kept: unknown[] = []
    const run = await runFleet([local('a')], {
      ...settings,
      concurrency: 1,
      connectorFor: () => connector,
      finish: (host, result) => {
        if (!result.ok) throw result.error
        // A slice of the host's output and an object of its facts, as a caller keeps them.
        const value = {host: host.name, hostname: result.facts.system.hostname.slice(0), system: result.facts.system, seen: new Map([['at', new Date(0)]])}
        kept.push(value)
        return value
      },
    })
    await connector.close()
    const [result] = run.results
    expect(result).toEqual(kept[0])
    expect(result).not.toBe(kept[0])
    expect(result.system).not.toBe((kept[0] as typeof result).system)
    expect(result.seen.get('at')).toEqual(new Date(0))
  })
})
