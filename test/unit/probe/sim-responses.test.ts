// The benchmark simulator answers the probe as fleet now sends it: `sh -s` with the
// nonce inside the script on stdin (bench/sim/responses.mjs).
import {describe, expect, it} from 'vitest'
// @ts-ignore plain ESM module without types
import {loadFixtures, respond} from '../../../bench/sim/responses.mjs'
import {parseProbeOutput} from '../../../src/probe/parse.js'
import {PROBE_COMMAND, probeScript} from '../../../src/probe/script.js'

describe('bench simulator', () => {
  const [fixture] = loadFixtures(['healthy'])

  it('reads the nonce from the script fleet sends on stdin, so fleet parses the answer as its own', () => {
    const nonce = 'simnonce42'
    const reply = respond(PROBE_COMMAND, fixture, 0, probeScript({nonce, windowSeconds: 3600, maxLogBytes: 262144}))
    expect(reply.kind).toBe('probe')
    const facts = parseProbeOutput(reply.stdout, nonce)
    expect(facts.system.hostname).not.toBe('')
    expect(facts.partial.map((p: {fact: string}) => p.fact)).not.toContain('probe')
  })

  it('still answers ansible, which runs its uploaded copy with arguments', () => {
    expect(respond('/root/.ansible/tmp/ansible-tmp-1/probe.sh benchnonce 3600 262144', fixture, 0).kind).toBe('probe')
  })
})
