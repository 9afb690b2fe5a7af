// What a simulated host answers to an exec. The probe gets a recorded real probe
// output (test/fixtures/probe) with its nonce rewritten to the caller's, so fleet
// parses it as its own. Ansible's `script` module first runs a few housekeeping
// commands (home dir, temp dir, chmod, rm); those get the answers a real sh would
// give, from the table below. Nothing is ever executed on this machine.
import {readFileSync, readdirSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

const FIXTURE_DIR = fileURLToPath(new URL('../../test/fixtures/probe/', import.meta.url))
const FRAME = /^==FLEET (\S+) BEGIN system==$/m

/**
 * Recorded full probe outputs: the named ones, or every real recording that starts with the system
 * frame. `hostile*` fixtures (escape sequences planted in a recording for the security tests) are
 * only served when named: a benchmark's fleet is made of real hosts.
 */
export function loadFixtures(names) {
  const files =
    names.length > 0
      ? names.map((n) => `${n}.txt`)
      : readdirSync(FIXTURE_DIR)
          .filter((f) => f.endsWith('.txt') && !f.startsWith('hostile'))
          .sort()
  const fixtures = []
  for (const file of files) {
    const text = readFileSync(FIXTURE_DIR + file, 'utf8')
    const nonce = FRAME.exec(text.split('\n', 1)[0])?.[1]
    if (nonce) fixtures.push({name: file.replace(/\.txt$/, ''), nonce, text})
    else if (names.length > 0) throw new Error(`sim: fixture ${FIXTURE_DIR}${file}:1 is not a probe output (no system frame)`)
  }
  if (fixtures.length === 0) throw new Error(`sim: no probe outputs in ${FIXTURE_DIR}`)
  return fixtures
}

/** The fixture with every frame marker carrying `nonce` instead of the recorded one. */
export function withNonce(fixture, nonce) {
  return fixture.text.replaceAll(`==FLEET ${fixture.nonce} `, `==FLEET ${nonce} `)
}

// Probe invocations: fleet, bare-ssh2 and parallel-ssh run `sh -s` and send the script on
// stdin with its parameters in front (`FLEET_NONCE=...`, see src/probe/script.ts), so the
// nonce is read from what the client sent; ansible runs its uploaded copy (`.../probe.sh NONCE ...`).
const STDIN_NONCE = /^FLEET_NONCE=([A-Za-z0-9]+)$/m
const UPLOADED_PROBE = /\/probe\.sh '?([A-Za-z0-9]+)'?/

// Ansible housekeeping, matched in order; `reply` builds stdout from the match.
const HOUSEKEEPING = [
  {pattern: /echo ~(\w*) && sleep 0/, reply: (m) => `/${m[1] === 'root' || m[1] === '' ? 'root' : `home/${m[1]}`}\n`},
  {pattern: /echo (ansible-tmp-[\w.-]+)="` echo ([^`]+?) `"/, reply: (m) => `${m[1]}=${m[2]}\n`},
  {pattern: /\b(chmod|rm|mkdir)\b/, reply: () => ''},
]

/** {kind, stdout, delayed} for one exec command and what it got on stdin; unknown commands fail like sh would. */
export function respond(command, fixture, delayMs, stdin = '') {
  const probe = (/\bsh -s\b/.test(command) ? STDIN_NONCE.exec(stdin) : null) ?? UPLOADED_PROBE.exec(command)
  if (probe) return {kind: 'probe', stdout: withNonce(fixture, probe[1]), code: 0, delayMs}
  for (const {pattern, reply} of HOUSEKEEPING) {
    const m = pattern.exec(command)
    if (m) return {kind: 'housekeeping', stdout: reply(m), code: 0, delayMs: 0}
  }
  return {kind: 'unknown', stdout: '', stderr: `sim: command not simulated: ${command.slice(0, 80)}\n`, code: 127, delayMs: 0}
}
