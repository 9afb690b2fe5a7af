/**
 * Shell completion values from the inventory, and the bash glue that asks for them.
 * @oclif/plugin-autocomplete completes commands and flags; this adds values for `--group`,
 * `--host`, `--limit` (from the inventory file named on the line, or $FLEET_INVENTORY, or
 * ./inventory.yml) and check IDs for `fleet explain`. Completion reads the inventory file
 * only: no ~/.ssh/config, no host is contacted.
 */
import {readFile} from 'node:fs/promises'
import {allCheckMetas} from '../checks/index.js'
import {parseYamlSource} from '../inventory/yaml-source.js'
import {detectFormat} from '../inventory/detect-format.js'
import {readNative} from '../inventory/native.js'
import {readAnsible} from '../inventory/ansible.js'

export const COMPLETION_KINDS = ['groups', 'hosts', 'checks'] as const
export type CompletionKind = (typeof COMPLETION_KINDS)[number]

/** A value the shell may offer: printable, no whitespace (a name with a space cannot be one word). */
const OFFERABLE = /^[\x21-\x7e\u00a0-\uffff]+$/u

export async function completionValues(kind: CompletionKind, inventoryFile: string): Promise<string[]> {
  if (kind === 'checks') return allCheckMetas.map((m) => m.id)
  let text: string
  try {
    text = await readFile(inventoryFile, 'utf8')
  } catch {
    return []
  }
  try {
    const source = parseYamlSource(inventoryFile, text)
    const draft = detectFormat(source) === 'native' ? readNative(source) : readAnsible(source)
    const names = kind === 'groups' ? ['all', ...draftGroups(draft)] : draftHosts(draft)
    return [...new Set(names)].filter((n) => OFFERABLE.test(n) && !/[\p{Cc}\p{Cf}]/u.test(n))
  } catch {
    // A broken inventory completes nothing; `fleet hosts` says what is wrong with it.
    return []
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
      -i|--inventory) inv="\${COMP_WORDS[i+1]}" ;;
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
