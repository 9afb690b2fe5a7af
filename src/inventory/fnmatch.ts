/** Python's fnmatch.translate, which Ansible uses for host patterns: `*`, `?`, `[seq]`, `[!seq]`. */
export function fnmatchRegExp(pattern: string): RegExp {
  let out = ''
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]
    if (c === '*') out += '.*'
    else if (c === '?') out += '.'
    else if (c === '[') {
      let j = i + 1
      if (pattern[j] === '!') j++
      if (pattern[j] === ']') j++
      while (j < pattern.length && pattern[j] !== ']') j++
      if (j >= pattern.length) out += '\\['
      else {
        let body = pattern.slice(i + 1, j).replace(/\\/g, '\\\\')
        if (body.startsWith('!')) body = `^${body.slice(1)}`
        else if (body.startsWith('^')) body = `\\${body}`
        out += `[${body}]`
        i = j
      }
    } else out += c.replace(/[.+^${}()|\\\]]/g, '\\$&')
  }
  return new RegExp(`^(?:${out})$`, 's')
}
