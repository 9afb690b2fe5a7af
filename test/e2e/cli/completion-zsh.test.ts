/**
 * zsh completion, run for real: an interactive zsh on a pty (zsh/zpty) evals
 * `fleet complete zsh` after compinit, a command line is typed followed by TAB, and every
 * candidate zsh's completion system offers is recorded (a compadd wrapper). Skipped without zsh.
 */
import {execFileSync, spawnSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {FLEET_BIN} from '../support/fleet-cli.js'

const hasZsh = spawnSync('sh', ['-c', 'command -v zsh']).status === 0

const INVENTORY = `hosts:
  web01: {address: 192.0.2.11}
  web02: {address: 192.0.2.12}
  db01: {address: 192.0.2.21}
  "evil$(touch\${IFS}PWNED)": {address: 192.0.2.99}
groups:
  webservers: {hosts: [web01, web02]}
  databases: {hosts: [db01]}
`

// Types the line and TAB, then waits until the completion has been quiet for 3 s before
// ending (anything typed meanwhile would abort it); prints each candidate compadd received.
const CAPTURE = `zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z 'PROMPT=; autoload -U compinit; compinit -u'
zpty -w z 'eval "$(fleet complete zsh)"'
zpty -w z 'compadd () { local -a __h; builtin compadd -O __h "$@"; (( $#__h )) && print -rl -- "<hit>"\${^__h}; builtin compadd "$@" }'
zpty -w z "print -- '<ready>'"
local line idle=0
while zpty -r z line; do [[ $line == *'<ready>'* && $line != *print* ]] && break; done
zpty -w -n z "$1"$'\\t'
while (( idle < 30 )); do
  if zpty -r -t z line; then
    idle=0
    [[ $line == *'<hit>'* ]] && print -r -- "\${line##*<hit>}"
  else
    sleep 0.1; (( idle++ ))
  fi
done
zpty -d z
`

let dir: string
let env: NodeJS.ProcessEnv

function complete(line: string, extraEnv: Record<string, string> = {}): string[] {
  const out = execFileSync('zsh', ['-f', join(dir, 'capture.zsh'), line], {cwd: dir, env: {...env, ...extraEnv}, encoding: 'utf8', timeout: 60_000})
  // The pty ends lines with CR LF.
  return [...new Set(out.split('\n').map((l) => l.replace(/\r$/, '')).filter(Boolean))].sort()
}

describe.skipIf(!hasZsh)(`zsh completion${hasZsh ? '' : ' (skipped: zsh not installed)'}`, () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'fleet-zcompl-'))
    mkdirSync(join(dir, 'bin'))
    symlinkSync(FLEET_BIN, join(dir, 'bin', 'fleet'))
    writeFileSync(join(dir, 'site.yml'), INVENTORY)
    writeFileSync(join(dir, 'capture.zsh'), CAPTURE)
    env = {...process.env, PATH: `${join(dir, 'bin')}:${process.env.PATH}`, HOME: dir, XDG_CACHE_HOME: join(dir, 'cache'), NODE_ENV: 'production'}
    delete env.FLEET_INVENTORY
  })

  it('completes --group and --limit from the inventory named by -i/--inventory', () => {
    expect(complete('fleet check -i site.yml --group ')).toEqual(['all', 'databases', 'webservers'])
    expect(complete('fleet hosts --inventory site.yml --limit d')).toEqual(['databases', 'db01'])
  })

  it('completes --host from $FLEET_INVENTORY, and check IDs for fleet explain', () => {
    expect(complete('fleet check --host web', {FLEET_INVENTORY: 'site.yml'})).toEqual(['web01', 'web02'])
    expect(complete('fleet explain upstream/socket-m')).toEqual(['upstream/socket-mismatch', 'upstream/socket-missing'])
  })

  it('offers a hostile name as a literal word and never runs it', () => {
    expect(complete('fleet check -i site.yml --host ev')).toEqual(['evil$(touch${IFS}PWNED)'])
    expect(readdirSync(dir)).not.toContain('PWNED')
  })
})
