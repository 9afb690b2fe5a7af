/**
 * `nginx -T` dump -> NginxConfig. The dump holds every file nginx read, each
 * after a `# configuration file PATH:` line, but does not expand `include`:
 * includes are resolved here against the dumped file names (gixy's approach),
 * globs included, and inlined into `tree`.
 */
import {createHash} from 'node:crypto'
import {posix} from 'node:path'
import {hasGlob, matchGlob} from './glob.js'
import {parseConfig} from './parser.js'
import type {NginxConfig, NginxConfigFile, NginxDirective, NginxParseError} from './types.js'

const HEADER = /^# configuration file (.+):$/

export interface DumpFile {
  file: string
  text: string
}

/** Splits the dump; anything before the first header (stderr noise) is ignored. */
export function splitDump(stdout: string): DumpFile[] {
  const files: DumpFile[] = []
  let current: {file: string; lines: string[]} | undefined
  // nginx writes one extra LF after each file's contents: before the next
  // header it is the line break eaten by split(); at the end it is left over.
  const flush = (last: boolean): void => {
    if (!current) return
    let text = current.lines.join('\n')
    if (last && text.endsWith('\n')) text = text.slice(0, -1)
    files.push({file: current.file, text})
  }
  for (const line of stdout.split('\n')) {
    const header = HEADER.exec(line)
    if (header) {
      flush(false)
      current = {file: header[1], lines: []}
    } else if (current) {
      current.lines.push(line)
    }
  }
  flush(true)
  return files
}

/** Absolute path an `include` argument names (relative ones are against the conf prefix). */
export const includePath = (arg: string, prefix: string): string => (arg.startsWith('/') ? arg : posix.join(prefix, arg))

export function resolveInclude(arg: string, prefix: string, names: string[]): string[] {
  return includeResolver(names)(arg, prefix)
}

/**
 * Include lookups against the dumped names, linear in the dump: names in a Set,
 * a glob tried only on the names of its directory when that part is literal
 * (FNM_PATHNAME: `*` never crosses `/`), and each pattern matched once.
 */
function includeResolver(names: string[]): (arg: string, prefix: string) => string[] {
  const known = new Set(names)
  const byDir = new Map<string, string[]>()
  for (const name of names) {
    const dir = posix.dirname(name)
    const list = byDir.get(dir)
    if (list) list.push(name)
    else byDir.set(dir, [name])
  }
  const globs = new Map<string, string[]>()
  return (arg, prefix) => {
    const path = includePath(arg, prefix)
    if (!hasGlob(path)) return known.has(path) ? [path] : []
    let found = globs.get(path)
    if (!found) {
      const dir = posix.dirname(path)
      found = matchGlob(path, hasGlob(dir) ? names : byDir.get(dir) ?? [])
      globs.set(path, found)
    }
    return [...found]
  }
}

/**
 * Tokens read from one dump. A 4 MiB dump of `a;a;a;...` is two million directives
 * (800 MB to hold); a real config is a few per 30 bytes, far below this.
 */
export const MAX_DUMP_TOKENS = 1_000_000

/**
 * Directives the inlined tree may hold. Includes can multiply a small dump (a file
 * included twice by a file included twice...); a real config is far below this.
 */
export const MAX_TREE_DIRECTIVES = 1_000_000

export function parseNginxDump(stdout: string): NginxConfig {
  const dumped = splitDump(stdout)
  const main = dumped[0]?.file ?? ''
  const prefix = main ? posix.dirname(main) : ''
  // One token budget for the whole dump: what it costs to hold is bounded by it, not by its bytes.
  let tokensLeft = MAX_DUMP_TOKENS
  const files: NginxConfigFile[] = dumped.map(({file, text}) => {
    if (tokensLeft <= 0) return {file, parsed: [], errors: []}
    const {parsed, errors, tokens} = parseConfig(text, file, tokensLeft)
    tokensLeft -= tokens
    return {file, parsed, errors}
  })
  const byName = new Map(files.map((f) => [f.file, f]))
  const names = files.map((f) => f.file)
  const errors: NginxParseError[] = files.flatMap((f) => f.errors)
  const resolve = includeResolver(names)

  // Fill `includes` on every include directive of every file, in nginx's order.
  const fill = (block: NginxDirective[]): void => {
    for (const d of block) {
      if (d.directive === 'include' && d.args.length === 1) {
        d.includes = resolve(d.args[0], prefix)
        if (d.includes.length === 0 && !hasGlob(d.args[0])) {
          errors.push({file: d.file, line: d.line, error: `include "${d.args[0]}": file not in the nginx -T dump`})
        }
      }
      if (d.block) fill(d.block)
    }
  }
  for (const f of files) fill(f.parsed)

  // Inline includes; the `include` node stays, followed by what it pulled in.
  let budget = MAX_TREE_DIRECTIVES
  const inline = (block: NginxDirective[], stack: string[]): NginxDirective[] => {
    const out: NginxDirective[] = []
    for (const d of block) {
      if (--budget < 0) {
        if (budget === -1) errors.push({file: d.file, line: d.line, error: `config too large: more than ${MAX_TREE_DIRECTIVES} directives with includes inlined; the rest is not read`})
        return out
      }
      const copy: NginxDirective = {...d, args: [...d.args]}
      if (d.includes) copy.includes = [...d.includes]
      if (d.block) copy.block = inline(d.block, stack)
      out.push(copy)
      for (const name of d.includes ?? []) {
        if (stack.includes(name)) {
          errors.push({file: d.file, line: d.line, error: `include cycle: ${[...stack, name].join(' -> ')}`})
          continue
        }
        const target = byName.get(name)
        // One by one: spreading a file of 150,000 directives into push() overflows the call stack.
        if (target) for (const node of inline(target.parsed, [...stack, name])) out.push(node)
      }
    }
    return out
  }
  const tree = main ? inline(byName.get(main)!.parsed, [main]) : []
  if (!main) errors.push({file: '', line: null, error: 'no "# configuration file" header in nginx -T output'})
  return {main, prefix, files, tree, errors}
}

/** Distinct dumps kept parsed; a fleet mostly shares one config, and an LRU of this many holds its variants. */
export const DUMP_CACHE_ENTRIES = 64

const dumpCache = new Map<string, NginxConfig>()

/** Parses done (cache misses) since start: for tests and benchmarks. */
export const dumpParses = {count: 0}

/**
 * `parseNginxDump` once per distinct dump text in this process, keyed by the text's
 * SHA-256: hosts that share a config share one parsed tree. The tree is frozen to its
 * leaves, because every host holding it sees it: a check that tried to change it would
 * throw instead of changing another host's config.
 */
export function parseNginxDumpCached(stdout: string): NginxConfig {
  const key = createHash('sha256').update(stdout).digest('hex')
  const hit = dumpCache.get(key)
  if (hit) {
    // Most recently used goes last; the oldest goes first when the cache is full.
    dumpCache.delete(key)
    dumpCache.set(key, hit)
    return hit
  }
  dumpParses.count++
  const config = deepFreeze(parseNginxDump(stdout))
  dumpCache.set(key, config)
  if (dumpCache.size > DUMP_CACHE_ENTRIES) dumpCache.delete(dumpCache.keys().next().value as string)
  return config
}

function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value
  for (const child of Object.values(value as object)) deepFreeze(child)
  return Object.freeze(value)
}
