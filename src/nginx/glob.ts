/**
 * `include` glob patterns matched against the file names of an `nginx -T`
 * dump, the way nginx's glob(3) call would have matched them on the host:
 * fnmatch with FNM_PATHNAME (wildcards never cross `/`) and FNM_PERIOD (a
 * leading `.` is matched only literally), results sorted byte-wise (nginx
 * does not call setlocale, so the C locale applies).
 */

/** nginx's own test (ngx_conf_include): any of these makes it a glob. */
export const hasGlob = (path: string): boolean => /[*?[]/.test(path)

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')

/** Translates one path component; an unterminated `[` is literal, as in fnmatch. */
function componentToRegExp(part: string): string {
  let re = ''
  for (let i = 0; i < part.length; i++) {
    const c = part[i]
    const first = i === 0
    if (c === '\\' && i + 1 < part.length) {
      re += escapeRe(part[++i])
    } else if (c === '*') {
      re += first ? '(?!\\.)[^/]*' : '[^/]*'
    } else if (c === '?') {
      re += first ? '(?!\\.)[^/]' : '[^/]'
    } else if (c === '[') {
      // A ']' first in the class (after an optional '!') is a member, not the end.
      const bodyStart = i + 1 + (part[i + 1] === '!' || part[i + 1] === '^' ? 1 : 0)
      const close = part.indexOf(']', bodyStart + 1)
      if (close < 0) {
        re += '\\['
        continue
      }
      let body = part.slice(i + 1, close)
      const negate = body[0] === '!' || body[0] === '^'
      if (negate) body = body.slice(1)
      const cls = body.replace(/[\\\]^]/g, '\\$&')
      re += (first ? '(?!\\.)' : '') + (negate ? `[^/${cls}]` : `[${cls}]`)
      i = close
    } else {
      re += escapeRe(c)
    }
  }
  return re
}

export function globToRegExp(pattern: string): RegExp {
  return new RegExp('^' + pattern.split('/').map(componentToRegExp).join('/') + '$')
}

/** Byte order, as strcmp in the C locale. */
export const byteOrder = (a: string, b: string): number => {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return Buffer.compare(x, y)
}

export function matchGlob(pattern: string, names: Iterable<string>): string[] {
  const re = globToRegExp(pattern)
  return [...names].filter((n) => re.test(n)).sort(byteOrder)
}
