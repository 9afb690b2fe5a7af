import {spawnSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'
import {classifySudoFailure, sudoCommand} from '../../../src/transport/sudo.js'

const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../../fixtures/transport/sudo/${name}.stderr`, import.meta.url)), 'utf8')

const isRoot = process.getuid?.() === 0
const hasSetpriv = spawnSync('setpriv', ['--version']).status === 0

describe('sudoCommand', () => {
  it.runIf(isRoot)('runs the whole command line, pipes and quotes included, through real sudo -n', () => {
    const command = `printf '%s|' "$(id -u)" "it's" | tr '|' ';'; echo "$0"`
    const out = spawnSync('sh', ['-c', sudoCommand(command)], {encoding: 'utf8'})
    expect(out.stderr).toBe('')
    expect(out.stdout).toBe("0;it's;sh\n")
  })

  it.runIf(isRoot && hasSetpriv)('as a user without sudo rights, sudo -n fails at once and is classified', () => {
    // nobody (65534) has no sudoers entry: the real refusal, with no prompt and no hang.
    const out = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'sh', '-c', sudoCommand('id -u')], {
      encoding: 'utf8',
      input: '',
    })
    expect(out.stdout).toBe('')
    const refusal = classifySudoFailure(out.status, out.stderr)
    expect(refusal?.line).toBe('sudo: a password is required')
    expect(refusal?.why).toMatch(/password/)
  })
})

describe('classifySudoFailure on recorded real sudo output', () => {
  it.each([
    ['password-required', 1, 'sudo: a password is required'],
    ['terminal-required', 1, 'sudo: a terminal is required to read the password'],
    ['not-in-sudoers', 1, 'fleetsudo is not in the sudoers file.'],
    ['not-installed', 127, 'sh: 1: sudo: not found'],
  ])('%s', (name, code, line) => {
    const refusal = classifySudoFailure(code, fixture(name))
    expect(refusal).toBeDefined()
    expect(refusal!.line.startsWith(line)).toBe(true)
  })

  it('leaves the command’s own failures alone', () => {
    expect(classifySudoFailure(0, fixture('password-required'))).toBeUndefined()
    expect(classifySudoFailure(2, fixture('password-required'))).toBeUndefined()
    expect(classifySudoFailure(1, 'nginx: [emerg] unknown directive "x" in /etc/nginx/nginx.conf:3\n')).toBeUndefined()
  })
})
