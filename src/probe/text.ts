/** Small text helpers shared by the section parsers. */
export function lines(text: string): string[] {
  return text.split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l.trim() !== '')
}

/** First non-empty line, for one-line reasons in `partial`. */
export function firstLine(text: string): string {
  return lines(text)[0]?.trim() ?? ''
}

export function toInt(value: string | undefined): number | undefined {
  if (value === undefined || !/^-?\d+$/.test(value.trim())) return undefined
  return Number(value.trim())
}

/** `key=value` lines into a record (first `=` splits). Prototype-less: the keys are the host's. */
export function keyValues(text: string): Record<string, string> {
  const out = Object.create(null) as Record<string, string>
  for (const line of lines(text)) {
    const eq = line.indexOf('=')
    if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1)
  }
  return out
}
