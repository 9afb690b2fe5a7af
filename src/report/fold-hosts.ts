/**
 * Host-range folding for reports: `web01 web02 web03 web05` => `web[01-03] web05`.
 * One digit run per name varies; zero padding is kept and must match within a range,
 * so folding is lossless and `expandHostRanges` is its exact inverse.
 */

interface Parsed {
  name: string
  index: number
  tokens: string[]
}

const DIGITS = /^\d+$/
const RANGE = /^(.*?)\[(\d+)-(\d+)\](.*)$/

function tokenize(name: string): string[] {
  return name.match(/\d+|\D+/g) ?? ['']
}

/** Template with one digit token masked: names sharing it differ only in that number. */
function keyAt(tokens: string[], position: number): string {
  return tokens.map((t, i) => (i === position ? '\u0000#' : t)).join('\u0001')
}

function digitPositions(tokens: string[]): number[] {
  return tokens.flatMap((t, i) => (DIGITS.test(t) ? [i] : []))
}

/** Width a range starting at `text` imposes: padded numbers fix it, natural ones do not. */
function padWidth(text: string): number {
  return text.length > 1 && text.startsWith('0') ? text.length : 0
}

function formatNumber(n: number, width: number): string {
  return String(n).padStart(width, '0')
}

interface Member {
  item: Parsed
  text: string
  n: number
}

export function foldHosts(names: string[]): string[] {
  const parsed: Parsed[] = [...new Set(names)].map((name, index) => ({name, index, tokens: tokenize(name)}))
  // How many names share each masked template: a name folds along its most shared digit run.
  const shared = new Map<string, number>()
  for (const p of parsed) for (const pos of digitPositions(p.tokens)) {
    const key = keyAt(p.tokens, pos)
    shared.set(key, (shared.get(key) ?? 0) + 1)
  }
  const groups = new Map<string, Member[]>()
  const out: Array<{index: number; text: string}> = []
  for (const p of parsed) {
    let best = -1
    let bestCount = 1
    for (const pos of digitPositions(p.tokens)) {
      const count = shared.get(keyAt(p.tokens, pos)) ?? 0
      if (count >= bestCount && count > 1) [best, bestCount] = [pos, count]
    }
    if (best < 0) {
      out.push({index: p.index, text: p.name})
      continue
    }
    const key = `${best}\u0002${keyAt(p.tokens, best)}`
    const text = p.tokens[best]
    const list = groups.get(key) ?? []
    list.push({item: p, text, n: Number(text)})
    groups.set(key, list)
  }
  for (const [key, members] of groups) {
    const position = Number(key.split('\u0002')[0])
    members.sort((a, b) => a.n - b.n || a.text.length - b.text.length)
    let run: Member[] = []
    const flush = (): void => {
      if (run.length === 0) return
      const first = run[0]
      const index = Math.min(...run.map((m) => m.item.index))
      if (run.length === 1) out.push({index, text: first.item.name})
      else {
        const tokens = [...first.item.tokens]
        tokens[position] = `[${first.text}-${run[run.length - 1].text}]`
        out.push({index, text: tokens.join('')})
      }
      run = []
    }
    for (const m of members) {
      const start = run[0]
      const prev = run[run.length - 1]
      const width = start ? padWidth(start.text) : 0
      const fits =
        prev !== undefined &&
        m.n === prev.n + 1 &&
        m.text === formatNumber(m.n, width) &&
        (width === 0 || m.text.length === width)
      if (!fits) flush()
      run.push(m)
    }
    flush()
  }
  return out.sort((a, b) => a.index - b.index).map((o) => o.text)
}

/** Inverse of foldHosts: `web[01-03]` => web01, web02, web03. */
export function expandHostRanges(items: string[]): string[] {
  return items.flatMap((item) => {
    const m = RANGE.exec(item)
    if (!m) return [item]
    const [, prefix, from, to, suffix] = m
    const width = padWidth(from)
    const names: string[] = []
    for (let n = Number(from); n <= Number(to); n++) names.push(`${prefix}${formatNumber(n, width)}${suffix}`)
    return names
  })
}
