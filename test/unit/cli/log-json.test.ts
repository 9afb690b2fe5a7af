import {ux, type Config} from '@oclif/core'
import {describe, expect, it} from 'vitest'
import {FleetCommand} from '../../../src/cli/base-command.js'

class Probe extends FleetCommand {
  async run(): Promise<void> {}
}

function captured(write: () => void): string {
  let out = ''
  const original = process.stdout.write.bind(process.stdout)
  process.stdout.write = ((chunk: string) => {
    out += chunk
    return true
  }) as typeof process.stdout.write
  try {
    write()
  } finally {
    process.stdout.write = original
  }
  return out
}

describe('FleetCommand.logJson', () => {
  it("writes exactly what oclif's colorizing logJson writes when no JSON theme is set", () => {
    const report = {version: 1, hosts: [{host: 'a %s %% %d', error: null, findings: [{evidence: ['é \u2028 "q" \\ \u0000']}]}], summary: {}, empty: []}
    const command = new Probe([], {theme: undefined} as unknown as Config)
    const ours = captured(() => command.logJson(report))
    // oclif's logJson: ux.stdout(colorizeJson(json, {pretty: true, theme})), and ux.stdout adds the newline.
    const oclif = `${ux.colorizeJson(report, {pretty: true, theme: undefined})}\n`
    expect(ours).toBe(oclif)
    expect(JSON.parse(ours)).toEqual(report)
  })
})
