import {shellJoin} from './quote.js'

/**
 * `sudo -n` never prompts: a missing NOPASSWD rule makes it fail at once with
 * a known message instead of hanging the probe on a password prompt. `sh -c`
 * keeps the command a single argv element, so pipes and redirections in it run
 * as root too.
 */
export function sudoArgv(command: string): string[] {
  return ['sudo', '-n', '--', 'sh', '-c', command]
}

export function sudoCommand(command: string): string {
  return shellJoin(sudoArgv(command))
}

/**
 * What sudo prints (stderr, exit 1) when it refuses to run the command, as
 * observed on sudo 1.9 (Debian 12) and older/RHEL variants; the shell's own
 * "not found" when sudo is not installed.
 */
const SUDO_REFUSALS: {pattern: RegExp; why: string}[] = [
  {pattern: /^sudo: a password is required$/, why: 'needs a password (no NOPASSWD rule for this user)'},
  {pattern: /^sudo: a terminal is required/, why: 'needs a password (no NOPASSWD rule for this user)'},
  {pattern: /^sudo: sorry, you must have a tty to run sudo$/, why: 'requiretty is set in sudoers'},
  {pattern: /^(?:sudo: )?\S+ is not in the sudoers file\b/, why: 'user is not in the sudoers file'},
  {pattern: /^(?:sudo: )?\S+ is not allowed to execute\b/, why: 'sudoers does not allow this command'},
  {pattern: /^sudo: account validation failure/, why: 'account validation failed (expired or locked)'},
  {pattern: /\bsudo: (?:command )?not found$/, why: 'sudo is not installed'},
]

export interface SudoRefusal {
  why: string
  /** sudo's own line, shown as evidence. */
  line: string
}

/** Returns why sudo refused, or undefined when the failure (if any) is the command's own. */
export function classifySudoFailure(code: number | null, stderr: string): SudoRefusal | undefined {
  // sudo's own refusals exit 1; a shell that cannot find sudo exits 127. Other codes are the command's.
  if (code !== 1 && code !== 127) return undefined
  // sudo's first complaint is the informative one (later lines repeat it more vaguely).
  for (const raw of stderr.split('\n')) {
    const line = raw.trim()
    const refusal = SUDO_REFUSALS.find(({pattern}) => pattern.test(line))
    if (refusal) return {why: refusal.why, line}
  }
  return undefined
}
