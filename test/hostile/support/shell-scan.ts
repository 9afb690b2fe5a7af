/**
 * A static scan of the shell fleet runs as root on hosts (probe.sh, the reload phase scripts) for
 * the one class of bug that turns host data into code: a value spliced into program text.
 *
 * It is deliberately stricter than necessary. Rules:
 * - `eval` is never used;
 * - sed, awk and grep programs are literal: the program argument is single-quoted (or a bare
 *   word without `$`), never a double-quoted string or a concatenation with a `$` in it; grep may
 *   take a variable only as a fixed string (`-F`);
 * - `awk -v NAME=VALUE` only with a literal VALUE: awk interprets backslash escapes in -v values,
 *   so data goes in through ENVIRON or a file;
 * - every variable inside `$(( ))` is validated as digits in the same script
 *   (`case $V in '' | *[!0-9]*) ...`, or the scripts' `digits "$V"`) or only ever assigned
 *   script-made numbers; no command output inside `$(( ))` but the clock's `$(date +%s)`.
 * The tokenizer is a rough one (quotes, `$( )`, pipes and separators), enough for our own scripts.
 */

export interface Violation {
  script: string
  line: number
  rule: string
  text: string
}

interface Word {
  /** The word as written, quotes included. */
  raw: string
}

/** Splits one logical command line into simple commands (at | ; && || and inside $( ) / backticks). */
function simpleCommands(line: string): Word[][] {
  const commands: Word[][] = []
  let words: Word[] = []
  let cur = ''
  let quote: '"' | "'" | null = null
  const flushWord = () => {
    if (cur !== '') words.push({raw: cur})
    cur = ''
  }
  const flushCommand = () => {
    flushWord()
    if (words.length > 0) commands.push(words)
    words = []
  }
  for (let i = 0; i < line.length; i++) {
    const c = line[i]
    if (quote) {
      cur += c
      if (c === '\\' && quote === '"' && i + 1 < line.length) cur += line[++i]
      else if (c === quote) quote = null
      continue
    }
    if (c === "'" || c === '"') {
      quote = c
      cur += c
      continue
    }
    if (c === '\\' && i + 1 < line.length) {
      cur += c + line[++i]
      continue
    }
    if (c === ' ' || c === '\t') {
      flushWord()
      continue
    }
    if (c === '|' || c === ';' || c === '&' || c === '`' || c === '(' || c === ')' || c === '{' || c === '}') {
      // `$((` arithmetic is checked separately; a `$(` starts a new command.
      flushCommand()
      continue
    }
    cur += c
  }
  flushCommand()
  return commands
}

const hasExpansion = (raw: string): boolean => /\$|`/.test(raw.replace(/'[^']*'/g, ''))
const isLiteral = (raw: string): boolean => !hasExpansion(raw)

/** The program argument of sed/awk/grep, or null when it comes from a file (-f) or is absent. */
function programArgs(words: Word[]): {cmd: string; program: Word[]; fixed: boolean; awkVars: Word[]} | null {
  const base = words[0]?.raw.replace(/^.*\//, '')
  if (base !== 'sed' && base !== 'awk' && base !== 'grep') return null
  const program: Word[] = []
  const awkVars: Word[] = []
  let fixed = false
  let fromFile = false
  let i = 1
  for (; i < words.length; i++) {
    const w = words[i].raw
    if (w === '--') {
      i++
      break
    }
    if (!w.startsWith('-') || w === '-') break
    if (base === 'sed' && (w === '-e' || w === '--expression')) program.push(words[++i])
    else if (base === 'sed' && /^-[a-zA-Z]*e./.test(w)) program.push({raw: w.replace(/^-[a-zA-Z]*e/, '')})
    else if (w === '-f' || w === '--file' || /^-[a-zA-Z]*f$/.test(w)) {
      if (base === 'grep' && /^-[a-zA-Z]*F/.test(w)) fixed = true
      else fromFile = true
      i++
    } else if (base === 'awk' && w === '-v') awkVars.push(words[++i])
    else if (base === 'awk' && (w === '-F' || w === '-f')) i++
    else if (base === 'grep' && (w === '-e' || w === '--regexp')) program.push(words[++i])
    else if (base === 'grep' && /^-[a-zA-Z]*[mA-C]$/.test(w)) i++
    else if (base === 'grep' && /^-[a-zA-Z]*F/.test(w)) fixed = true
  }
  if (program.length === 0 && !fromFile && i < words.length) program.push(words[i])
  return {cmd: base, program: program.filter(Boolean), fixed, awkVars: awkVars.filter(Boolean)}
}

/** Joins backslash-continued lines and drops comment lines, keeping the first line's number. */
function logicalLines(script: string): {line: number; text: string}[] {
  const out: {line: number; text: string}[] = []
  const lines = script.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const start = i
    let text = lines[i]
    while (text.endsWith('\\') && i + 1 < lines.length) text = text.slice(0, -1) + ' ' + lines[++i]
    if (/^\s*#/.test(text)) continue
    out.push({line: start + 1, text})
  }
  return out
}

const ARITH = /\$\(\(([^()]*(?:\([^()]*\)[^()]*)*)\)\)/g
const VAR_IN_ARITH = /\$?\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g

/** Variables that are safe in arithmetic: validated as digits, or only assigned numbers we made. */
function numericVariables(script: string): Set<string> {
  const safe = new Set<string>()
  for (const m of script.matchAll(/case\s+"?\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?"?\s+in\s+[^)]*\*\[!0-9\]\*/g)) safe.add(m[1])
  // The scripts' own validator: digits() { case $1 in ''|*[!0-9]*) return 1 ;; esac; }
  for (const m of script.matchAll(/\bdigits\s+"\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?"/g)) safe.add(m[1])
  const assigned = new Map<string, boolean>()
  for (const m of script.matchAll(/(?:^|[\s;(])([A-Za-z_][A-Za-z0-9_]*)=(.*)$/gm)) {
    const value = m[2]
    const numeric = /^\d+(\s|;|$)/.test(value) || /^\$\(\(/.test(value) || /^"?\$\(date \+%s\)"?(\s|;|$)/.test(value)
    assigned.set(m[1], (assigned.get(m[1]) ?? true) && numeric)
  }
  for (const [name, numeric] of assigned) if (numeric) safe.add(name)
  return safe
}

export function scanShell(name: string, script: string): Violation[] {
  const violations: Violation[] = []
  const numeric = numericVariables(script)
  for (const {line, text} of logicalLines(script)) {
    const add = (rule: string) => violations.push({script: name, line, rule, text: text.trim()})
    if (/(^|[\s;&|(])eval(\s|$)/.test(text)) add('eval')
    for (const m of text.replace(/\$\(date \+%s\)/g, '0').matchAll(ARITH)) {
      if (/\$\(|`/.test(m[1])) {
        add('command output inside arithmetic')
        continue
      }
      for (const v of m[1].matchAll(VAR_IN_ARITH)) {
        if (/^\d/.test(v[1])) continue
        if (!numeric.has(v[1])) add(`arithmetic on ${v[1]}, which is not validated as digits`)
      }
    }
    for (const words of simpleCommands(text.replace(ARITH, '0'))) {
      const found = programArgs(words)
      if (!found) continue
      for (const p of found.program) {
        if (isLiteral(p.raw)) continue
        if (found.cmd === 'grep' && found.fixed) continue
        add(`${found.cmd} program built from a value: ${p.raw}`)
      }
      for (const v of found.awkVars) if (!isLiteral(v.raw)) add(`awk -v with a value (escapes are interpreted): ${v.raw}`)
    }
  }
  return violations
}
