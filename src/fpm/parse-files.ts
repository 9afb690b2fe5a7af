import picomatch from 'picomatch'
import {type FpmInstallConfig, type FpmPool, settingsRecord} from './types.js'
import {applyDefaults, FPM_GLOBAL_DEFAULTS, FPM_POOL_DEFAULTS} from './defaults.js'
import {lexIni} from './ini.js'
import {postProcessPool} from './post-process.js'
import {listenKind} from './listen.js'
import {FPM_PATH_DEFAULTS, GLOBAL_PATH_KEYS, POOL_PATH_KEYS, resolveFpmPath, type FpmPathOptions} from './paths.js'

export interface FpmFile {
  path: string
  content: string
}

interface State {
  files: Map<string, string>
  config: FpmInstallConfig
  /** FPM keeps the current pool across `include=` (fpm_conf.c `current_wp` is file-global). */
  current: FpmPool | null
  visiting: Set<string>
  options: Required<FpmPathOptions>
}

/**
 * Fallback model when `php-fpm -tt` is unavailable: read the main conf and its
 * `include=` globs from the files the probe fetched, the way fpm_conf.c does.
 */
export function parseFpmFiles(files: FpmFile[], mainPath: string, options: FpmPathOptions = {}): FpmInstallConfig {
  const state: State = {
    files: new Map(files.map((file) => [file.path, file.content])),
    config: {global: settingsRecord(), globalWhere: settingsRecord(), pools: [], source: 'files', errors: []},
    current: null,
    visiting: new Set(),
    options: {...FPM_PATH_DEFAULTS, ...options},
  }
  if (!state.files.has(mainPath)) state.config.errors.push(`${mainPath}: main configuration file was not read`)
  else loadFile(state, mainPath)
  finish(state)
  return state.config
}

function loadFile(state: State, path: string): void {
  if (state.visiting.has(path)) {
    state.config.errors.push(`${path}: included from itself`)
    return
  }
  state.visiting.add(path)
  for (const item of lexIni(state.files.get(path) ?? '')) {
    const where = `${path}:${item.line}`
    if (item.kind === 'error') state.config.errors.push(`${where}: ${item.message}`)
    else if (item.kind === 'section') openSection(state, item.name, where)
    else if (item.key === 'include') include(state, item.value, where)
    else if (state.current) {
      state.current.settings[item.key] = item.value
      state.current.where[item.key] = where
    } else {
      state.config.global[item.key] = item.value
      state.config.globalWhere[item.key] = where
    }
  }
  state.visiting.delete(path)
}

function openSection(state: State, name: string, where: string): void {
  if (name === 'global') {
    state.current = null
    return
  }
  // A pool named twice (two files) is one pool: later values win, as in FPM.
  let pool = state.config.pools.find((candidate) => candidate.name === name)
  if (!pool) {
    const [file, line] = splitWhere(where)
    pool = {name, file, line, listen: '', listenKind: 'unix', settings: settingsRecord(), where: settingsRecord()}
    state.config.pools.push(pool)
  }
  state.current = pool
}

function include(state: State, pattern: string, where: string): void {
  const absolute = resolveFpmPath(pattern, state.options.prefix)
  const isMatch = globMatcher(absolute)
  // glob(3) returns names sorted bytewise, which is plain string order.
  const matches = [...state.files.keys()].filter((path) => isMatch(path)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  if (matches.length === 0) state.config.errors.push(`${where}: include=${pattern} matched no file that was read (looked for ${absolute})`)
  for (const path of matches) loadFile(state, path)
}

/** Compiled include globs: a fleet shares a handful, and compiling one cost more than parsing the files. */
const matchers = new Map<string, (path: string) => boolean>()
const MATCHERS_KEPT = 256

function globMatcher(pattern: string): (path: string) => boolean {
  let matcher = matchers.get(pattern)
  if (!matcher) {
    matcher = picomatch(pattern, {dot: false})
    // Patterns are host data: the cache stays bounded whatever the hosts write.
    if (matchers.size >= MATCHERS_KEPT) matchers.clear()
    matchers.set(pattern, matcher)
  }
  return matcher
}

function finish(state: State): void {
  const {config, options} = state
  applyDefaults(config.global, config.globalWhere, FPM_GLOBAL_DEFAULTS)
  for (const [key, base] of Object.entries(GLOBAL_PATH_KEYS)) {
    if (config.global[key]) config.global[key] = resolveFpmPath(config.global[key], options[base])
  }
  for (const pool of config.pools) {
    const settings = pool.settings
    for (const key of Object.keys(settings)) settings[key] = settings[key].replaceAll('$pool', pool.name)
    const poolPrefix = settings.prefix ? resolveFpmPath(settings.prefix, options.prefix) : options.prefix
    for (const key of POOL_PATH_KEYS) {
      if (settings[key]) settings[key] = resolveFpmPath(settings[key], poolPrefix)
    }
    applyDefaults(settings, pool.where, FPM_POOL_DEFAULTS)
    postProcessPool(pool)
    pool.listen = settings.listen ?? ''
    pool.listenKind = listenKind(pool.listen)
    if (!pool.listen) config.errors.push(`${pool.file}:${pool.line}: [pool ${pool.name}] no listen address have been defined`)
  }
}

function splitWhere(where: string): [string, number] {
  const colon = where.lastIndexOf(':')
  return [where.slice(0, colon), Number(where.slice(colon + 1))]
}

