/**
 * Line lexer for FPM's ini files (PHP's ini scanner, INI_SCANNER_NORMAL, as
 * fpm_conf.c `fpm_conf_load_ini_file` uses it): `;` starts a comment, `[name]`
 * opens a section, `key = value` sets, values may be "double" or 'single'
 * quoted. `${ENV}` is left as written: the controller cannot know the host's
 * environment.
 */
export type IniItem =
  | {kind: 'section'; name: string; line: number}
  | {kind: 'entry'; key: string; value: string; line: number}
  | {kind: 'error'; message: string; line: number}

const SECTION = /^\[([^\]]*)\]\s*(?:;.*)?$/
const ENTRY = /^([^=]+?)\s*=\s*(.*)$/

export function lexIni(content: string): IniItem[] {
  const items: IniItem[] = []
  content.split('\n').forEach((raw, index) => {
    const line = index + 1
    const text = raw.replace(/\r$/, '').trim()
    if (text === '' || text.startsWith(';')) return
    const section = SECTION.exec(text)
    if (section) {
      items.push({kind: 'section', name: section[1].trim(), line})
      return
    }
    const entry = ENTRY.exec(text)
    if (!entry) {
      items.push({kind: 'error', message: `cannot parse '${text}'`, line})
      return
    }
    items.push({kind: 'entry', key: entry[1].trim(), value: unquote(entry[2]), line})
  })
  return items
}

/** Strip quotes or a trailing `; comment` from an ini value. */
function unquote(value: string): string {
  const quoted = /^(["'])(.*?)\1\s*(?:;.*)?$/.exec(value)
  if (quoted) return quoted[2]
  const semicolon = value.indexOf(';')
  return (semicolon >= 0 ? value.slice(0, semicolon) : value).trim()
}
