/**
 * Shell completion, run for real in bash: the script `fleet complete bash` prints is eval'd,
 * `complete -p fleet` must name its function, and calling it with COMP_WORDS/COMP_CWORD set as
 * readline would must fill COMPREPLY with commands, flags, inventory groups and hosts, and
 * check IDs. The inventory's one host is unreachable (TEST-NET), so nothing could be contacted.
 */
import {execFileSync} from 'node:child_process'
import {mkdtempSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {FLEET_BIN} from '../support/fleet-cli.js'

const INVENTORY = `hosts:
  web01: {address: 192.0.2.11}
  web02: {address: 192.0.2.12}
  db01: {address: 192.0.2.21}
  "evil$(touch\${IFS}PWNED)": {address: 192.0.2.99}
groups:
  webservers: {hosts: [web01, web02]}
  databases: {hosts: [db01]}
`

let dir: string
let env: NodeJS.ProcessEnv

function complete(words: string[], extraEnv: Record<string, string> = {}): string[] {
  const script = [
    'set -u',
    'eval "$(fleet complete bash)"',
    'complete -p fleet >&2',
    'COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); COMPREPLY=()',
    'COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}',
    'fn=$(complete -p fleet | sed -n "s/.*-F \\([^ ]*\\) .*/\\1/p")',
    '"$fn" fleet "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"',
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n')
  const out = execFileSync('bash', ['-c', script, 'bash', ...words], {cwd: dir, env: {...env, ...extraEnv}, encoding: 'utf8'})
  return out.split('\n').filter(Boolean).sort()
}

describe('bash completion', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'fleet-compl-'))
    const bin = join(dir, 'bin')
    execFileSync('mkdir', ['-p', bin])
    symlinkSync(FLEET_BIN, join(bin, 'fleet'))
    writeFileSync(join(dir, 'site.yml'), INVENTORY)
    env = {...process.env, PATH: `${bin}:${process.env.PATH}`, HOME: dir, XDG_CACHE_HOME: join(dir, 'cache'), NODE_ENV: 'production'}
    delete env.FLEET_INVENTORY
  })

  it('registers a function for fleet', () => {
    const out = execFileSync('bash', ['-c', 'eval "$(fleet complete bash)"; complete -p fleet'], {cwd: dir, env, encoding: 'utf8'})
    expect(out).toMatch(/^complete .*-F _fleet_complete fleet$/m)
  })

  it('completes commands and flags (the plugin)', () => {
    expect(complete(['fleet', 'ex'])).toEqual(['explain'])
    expect(complete(['fleet', 'check', '--gr'])).toEqual(['--group'])
  })

  it('completes --group with the inventory named by -i', () => {
    expect(complete(['fleet', 'check', '-i', 'site.yml', '--group', ''])).toEqual(['all', 'databases', 'webservers'])
    expect(complete(['fleet', 'hosts', '--inventory=site.yml', '-g', 'we'])).toEqual(['webservers'])
    // As readline splits words at `=` (COMP_WORDBREAKS).
    expect(complete(['fleet', 'hosts', '--inventory', '=', 'site.yml', '-g', 'we'])).toEqual(['webservers'])
    expect(complete(['fleet', 'check', '-i', 'site.yml', '--group', '=', 'da'])).toEqual(['databases'])
    expect(complete(['fleet', 'check', '-i', 'site.yml', '--group', '='])).toEqual(['all', 'databases', 'webservers'])
  })

  it('completes --host from $FLEET_INVENTORY, and --limit with groups and hosts', () => {
    expect(complete(['fleet', 'check', '--host', 'web'], {FLEET_INVENTORY: 'site.yml'})).toEqual(['web01', 'web02'])
    expect(complete(['fleet', 'reload', '-i', 'site.yml', '--limit', 'd'])).toEqual(['databases', 'db01'])
  })

  it('sees an inventory change at once (names are cached per file state)', () => {
    const file = join(dir, 'grow.yml')
    writeFileSync(file, 'hosts:\n  app01: {address: 192.0.2.31}\n')
    expect(complete(['fleet', 'check', '-i', 'grow.yml', '--host', 'app'])).toEqual(['app01'])
    writeFileSync(file, 'hosts:\n  app01: {address: 192.0.2.31}\n  app02: {address: 192.0.2.32}\n')
    expect(complete(['fleet', 'check', '-i', 'grow.yml', '--host', 'app'])).toEqual(['app01', 'app02'])
  })

  it('completes check IDs for fleet explain', () => {
    expect(complete(['fleet', 'explain', 'upstream/socket-m'])).toEqual(['upstream/socket-mismatch', 'upstream/socket-missing'])
  })

  it('never runs a name as a command', () => {
    expect(complete(['fleet', 'check', '-i', 'site.yml', '--host', 'ev'])).toEqual(['evil$(touch${IFS}PWNED)'])
    expect(execFileSync('ls', [dir], {encoding: 'utf8'})).not.toContain('PWNED')
  })
})
