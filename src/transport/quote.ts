/**
 * POSIX sh quoting. Single quotes keep every byte literal except the single
 * quote itself, which is closed, escaped and reopened: `'` -> `'\''`.
 * This is the only quoting that is safe for arbitrary bytes (newlines, `$()`,
 * backticks, globs) in every POSIX shell, so commands sent to remote hosts
 * are always built this way.
 */

// Words made only of these characters need no quoting; keeping them bare makes
// logged commands readable. A leading `-` is still a plain word for the shell:
// option parsing is the called program's business (callers put `--` first).
const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/

export function shellQuote(arg: string): string {
  // No argv element can carry NUL (C strings end there): refuse rather than truncate silently.
  if (arg.includes('\0')) throw new Error('shellQuote: argument contains a NUL byte, which no shell argument can carry')
  if (arg.length > 0 && SAFE_WORD.test(arg)) return arg
  return `'${arg.replaceAll("'", `'\\''`)}'`
}

export function shellJoin(argv: string[]): string {
  return argv.map(shellQuote).join(' ')
}
