/**
 * Reads a jump host out of the ssh arguments Ansible inventories carry in
 * `ansible_ssh_common_args` / `ansible_ssh_extra_args`: `-J hop`, `-o ProxyJump=hop`,
 * and the older `-o ProxyCommand="ssh -W %h:%p [-q] [-p PORT] [user@]hop"` idiom.
 */

/** Splits like a POSIX shell would for plain words and '...' / "..." quoting (no expansions). */
export function shellWords(text: string): string[] {
  const words: string[] = []
  let cur: string | null = null
  let quote: '"' | "'" | null = null
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quote) {
      if (c === quote) quote = null
      else if (c === '\\' && quote === '"' && i + 1 < text.length) cur += text[++i]
      else cur += c
    } else if (c === '"' || c === "'") {
      quote = c
      cur ??= ''
    } else if (/\s/.test(c)) {
      if (cur !== null) words.push(cur)
      cur = null
    } else if (c === '\\' && i + 1 < text.length) cur = (cur ?? '') + text[++i]
    else cur = (cur ?? '') + c
  }
  if (cur !== null) words.push(cur)
  return words
}

/** `ssh -W %h:%p -q -p 2222 user@hop` → `user@hop:2222`; undefined for any other command. */
function jumpFromProxyCommand(command: string): string | undefined {
  const w = shellWords(command)
  if (!/(^|\/)ssh$/.test(w[0] ?? '') || !w.includes('-W')) return undefined
  let port: string | undefined
  let user: string | undefined
  let host: string | undefined
  for (let i = 1; i < w.length; i++) {
    if (w[i] === '-W') i++
    else if (w[i] === '-p') port = w[++i]
    else if (w[i] === '-l') user = w[++i]
    else if (w[i].startsWith('-')) continue
    else host ??= w[i]
  }
  if (!host) return undefined
  return `${user && !host.includes('@') ? `${user}@` : ''}${host}${port ? `:${port}` : ''}`
}

function optionValue(option: string): [string, string] | undefined {
  const m = /^\s*([A-Za-z]+)\s*(?:=|\s)\s*(.*?)\s*$/.exec(option)
  return m ? [m[1].toLowerCase(), m[2]] : undefined
}

export function proxyJumpFromSshArgs(args: string): string | undefined {
  const w = shellWords(args)
  for (let i = 0; i < w.length; i++) {
    let opt: string | undefined
    if (w[i] === '-J') return w[i + 1]
    if (w[i].startsWith('-J')) return w[i].slice(2)
    if (w[i] === '-o') opt = w[++i]
    else if (w[i].startsWith('-o')) opt = w[i].slice(2)
    const kv = opt === undefined ? undefined : optionValue(opt)
    if (kv?.[0] === 'proxyjump') return kv[1]
    if (kv?.[0] === 'proxycommand') {
      const jump = jumpFromProxyCommand(kv[1])
      if (jump) return jump
    }
  }
  return undefined
}
