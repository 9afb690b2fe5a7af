/**
 * Loads an OpenSSH client config with the `ssh-config` package, inlining top-level
 * `Include` lines (relative paths are relative to the config file's directory, as ssh
 * takes them relative to ~/.ssh; `*`/`?` globs in the last path component).
 */
import {readdirSync, readFileSync} from 'node:fs'
import {homedir} from 'node:os'
import {basename, dirname, isAbsolute, join} from 'node:path'
import picomatch from 'picomatch'
import SSHConfig, {type Line} from 'ssh-config'

export interface SshConfigFile {
  path: string
  lines: Line[]
}

export class SshConfigError extends Error {}

const MAX_DEPTH = 16

function expandInclude(pattern: string, baseDir: string): string[] {
  const full = pattern.startsWith('~/') ? join(homedir(), pattern.slice(2)) : isAbsolute(pattern) ? pattern : join(baseDir, pattern)
  if (!/[*?[]/.test(basename(full))) return [full]
  const isMatch = picomatch(basename(full), {dot: false})
  try {
    return readdirSync(dirname(full))
      .filter((f) => isMatch(f))
      .sort()
      .map((f) => join(dirname(full), f))
  } catch {
    return []
  }
}

function valueOf(line: {value: unknown}): string[] {
  return Array.isArray(line.value) ? line.value.map((v: {val: string}) => v.val) : [String(line.value)]
}

function readLines(path: string, baseDir: string, depth: number, optional: boolean): Line[] {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (e) {
    if (optional && (e as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw new SshConfigError(`${path}: cannot read ssh config: ${(e as Error).message}`)
  }
  let parsed: Line[]
  try {
    parsed = [...SSHConfig.parse(text)]
  } catch (e) {
    throw new SshConfigError(`${path}: cannot parse ssh config: ${(e as Error).message}`)
  }
  const out: Line[] = []
  for (const line of parsed) {
    if (line.type === SSHConfig.DIRECTIVE && /^include$/i.test(line.param)) {
      if (depth >= MAX_DEPTH) throw new SshConfigError(`${path}: Include nested more than ${MAX_DEPTH} deep`)
      for (const pattern of valueOf(line)) {
        for (const file of expandInclude(pattern, baseDir)) out.push(...readLines(file, baseDir, depth + 1, true))
      }
    } else out.push(line)
  }
  return out
}

/** Reads `path`; a missing file is an empty config (most hosts need none). */
export function loadSshConfig(path: string): SshConfigFile {
  return {path, lines: readLines(path, dirname(path), 0, true)}
}

export const defaultSshConfigPath = (): string => join(process.env.HOME || homedir(), '.ssh', 'config')
