/**
 * Shell completion values from the inventory, and the bash glue that asks for them.
 * @oclif/plugin-autocomplete completes commands and flags; this adds values for `--group`,
 * `--host`, `--limit` (from the inventory file named on the line, or $FLEET_INVENTORY, or
 * ./inventory.yml) and check IDs for `fleet explain`. Completion reads the inventory file
 * only: no ~/.ssh/config, no host is contacted.
 */
import {createHash} from 'node:crypto'
import {mkdir, readFile, rename, stat, writeFile} from 'node:fs/promises'
import {dirname, join, resolve} from 'node:path'
import type {readNative} from '../inventory/native.js'

export const COMPLETION_KINDS = ['groups', 'hosts', 'checks'] as const
export type CompletionKind = (typeof COMPLETION_KINDS)[number]

/** A value the shell may offer: printable, no whitespace (a name with a space cannot be one word). */
const OFFERABLE = /^[\x21-\x7e\u00a0-\uffff]+$/u

/**
 * Names from the inventory file. With `cacheDir`, the names are kept per inventory file and
 * reused while its size, mtime and ctime are unchanged, so a TAB on a 1,000-host inventory
 * does not parse its YAML again.
 */
export async function completionValues(kind: CompletionKind, inventoryFile: string, cacheDir?: string): Promise<string[]> {
  // The registry and the inventory readers (yaml, zod) are loaded only when needed: a TAB whose
  // names are cached starts fast.
  if (kind === 'checks') return (await import('../checks/index.js')).allCheckMetas.map((m) => m.id)
  let names: Names | undefined
  try {
    const info = await stat(inventoryFile)
    const stamp = `${info.size}:${info.mtimeMs}:${info.ctimeMs}`
    const cacheFile = cacheDir && join(cacheDir, `${createHash('sha256').update(resolve(inventoryFile)).digest('hex').slice(0, 32)}.json`)
    if (cacheFile) names = await readCache(cacheFile, stamp)
    if (!names) {
      names = await namesOf(inventoryFile, await readFile(inventoryFile, 'utf8'))
      if (cacheFile && names) await writeCache(cacheFile, stamp, names)
    }
  } catch {
    return []
  }
  if (!names) return []
  const list = kind === 'groups' ? ['all', ...names.groups] : names.hosts
  return [...new Set(list)].filter((n) => typeof n === 'string' && OFFERABLE.test(n) && !/[\p{Cc}\p{Cf}]/u.test(n))
}

interface Names {
  groups: string[]
  hosts: string[]
}

async function namesOf(file: string, text: string): Promise<Names | undefined> {
  const [{parseYamlSource}, {detectFormat}, {readNative}, {readAnsible}] = await Promise.all([
    import('../inventory/yaml-source.js'),
    import('../inventory/detect-format.js'),
    import('../inventory/native.js'),
    import('../inventory/ansible.js'),
  ])
  try {
    const source = parseYamlSource(file, text)
    const draft = detectFormat(source) === 'native' ? readNative(source) : readAnsible(source)
    return {groups: draftGroups(draft), hosts: draftHosts(draft)}
  } catch {
    // A broken inventory completes nothing; `fleet hosts` says what is wrong with it.
    return undefined
  }
}

async function readCache(file: string, stamp: string): Promise<Names | undefined> {
  try {
    const cached = JSON.parse(await readFile(file, 'utf8')) as {stamp?: unknown; groups?: unknown; hosts?: unknown}
    if (cached.stamp !== stamp || !Array.isArray(cached.groups) || !Array.isArray(cached.hosts)) return undefined
    return {groups: cached.groups as string[], hosts: cached.hosts as string[]}
  } catch {
    return undefined
  }
}

async function writeCache(file: string, stamp: string, names: Names): Promise<void> {
  try {
    await mkdir(dirname(file), {recursive: true, mode: 0o700})
    const tmp = `${file}.${process.pid}.tmp`
    await writeFile(tmp, JSON.stringify({stamp, ...names}), {mode: 0o600})
    await rename(tmp, file)
  } catch {
    // No cache is only slower.
  }
}

type Draft = ReturnType<typeof readNative>
const draftGroups = (draft: Draft): string[] => [...draft.groups.keys()]
const draftHosts = (draft: Draft): string[] => draft.hosts.map((h) => h.name)

const quote = (s: string): string => `'${s.replaceAll("'", "'\\''")}'`

/**
 * Bash glue: sources the plugin's completion function (commands, flags) and wraps it so the
 * value of `--group`/`--host`/`--limit` and `fleet explain`'s argument come from
 * `fleet complete KIND`. Words are filtered with a bash pattern test, never `compgen -W`
 * (which would expand `$(...)` inside a name).
 */
export function bashGlue(bin: string, pluginFunctionFile: string): string {
  return `# ${bin} shell completion (bash): eval "$(${bin} complete bash)"
[ -f ${quote(pluginFunctionFile)} ] && source ${quote(pluginFunctionFile)}
_${bin}_values()
{
  local kind="$1" cur="$2" inv="\${FLEET_INVENTORY:-inventory.yml}" i w
  for (( i = 1; i < COMP_CWORD; i++ )); do
    case "\${COMP_WORDS[i]}" in
      -i|--inventory) inv="\${COMP_WORDS[i+1]}"; [[ "$inv" == = ]] && inv="\${COMP_WORDS[i+2]}" ;;
      --inventory=*) inv="\${COMP_WORDS[i]#--inventory=}" ;;
    esac
  done
  while IFS= read -r w; do
    [[ "$w" == "$cur"* ]] && COMPREPLY+=("$w")
  done < <(command ${bin} complete "$kind" --inventory "$inv" 2>/dev/null)
}
_${bin}_complete()
{
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}"
  COMPREPLY=()
  # readline splits \`--group=web\` into \`--group\` \`=\` \`web\` (COMP_WORDBREAKS).
  [[ "$cur" == = ]] && cur=""
  [[ "$prev" == = && $COMP_CWORD -ge 2 ]] && prev="\${COMP_WORDS[COMP_CWORD-2]}"
  case "$prev" in
    -g|--group) _${bin}_values groups "$cur"; return 0 ;;
    --host) _${bin}_values hosts "$cur"; return 0 ;;
    -l|--limit) _${bin}_values groups "$cur"; _${bin}_values hosts "$cur"; return 0 ;;
  esac
  if [[ "\${COMP_WORDS[1]}" == explain && $COMP_CWORD -eq 2 && "$cur" != -* ]]; then
    _${bin}_values checks "$cur"; return 0
  fi
  if declare -F _${bin}_autocomplete >/dev/null; then _${bin}_autocomplete; fi
}
complete -o default -F _${bin}_complete ${bin}
`
}

/** Values for a flag's argument in the plugin's zsh function, by a pattern on its spec line. */
const ZSH_FLAG_VALUES: Array<[RegExp, string]> = [
  [/[{,"]--group[}"]/, ':group:_fleet_values groups"'],
  [/[{,"]--host[}"]/, ':host:_fleet_values hosts"'],
  [/[{,"]--limit[}"]/, ':pattern:_fleet_values groups hosts"'],
]

/**
 * zsh: the plugin's `_fleet` function (its text, from autocomplete:create), with the file
 * completion of `--group`/`--host`/`--limit` replaced by inventory values and `fleet explain`'s
 * argument by check IDs, registered with compdef so it can be eval'd from ~/.zshrc.
 * `compadd -a` adds each value as one literal word.
 */
export function zshGlue(bin: string, pluginFunction: string): string {
  let block = ''
  const lines = pluginFunction.split('\n').map((line) => {
    const label = /^([a-z][a-z0-9:-]*)\)$/.exec(line)
    if (label) block = label[1]
    const value = ZSH_FLAG_VALUES.find(([re]) => re.test(line) && line.endsWith(':file:_files" \\'))
    if (value) return `${line.slice(0, -':file:_files" \\'.length)}${value[1]} \\`
    if (block === 'explain' && line === '"*: :_files" ;; ') return '"1: :_fleet_values checks" ;; '
    return line
  })
  while (lines.length > 0 && lines.at(-1)!.trim() === '') lines.pop()
  if (lines.at(-1) === `_${bin}`) lines.pop()
  return `# ${bin} shell completion (zsh): eval "$(${bin} complete zsh)" after compinit
_fleet_values()
{
  local inv="\${opt_args[-i]:-\${opt_args[--inventory]:-\${FLEET_INVENTORY:-inventory.yml}}}" kind
  local -a vals
  for kind in "$@"; do
    vals+=("\${(@f)$(command ${bin} complete "$kind" --inventory "$inv" 2>/dev/null)}")
  done
  compadd -a vals
}
${lines.join('\n')}
compdef _${bin} ${bin}
`
}
