import {parseFpmDump} from '../fpm/parse-dump.js'
import {parseFpmFiles, type FpmFile} from '../fpm/parse-files.js'
import {chooseFpmModel} from '../fpm/model.js'
import type {FpmInstallConfig} from '../fpm/types.js'
import type {CommandRun, PartialFact} from './facts.js'
import type {Frame, FrameSet} from './frames.js'
import {firstLine} from './text.js'

export interface FpmFound {
  name: string
  unit: string
  /** Binary path, absent when only a systemd unit was found. */
  binary?: string
  version: string
  main?: string
  /**
   * What the probe made of a process titled `php-fpm: master process (CONF)`:
   * 'verified' (root, this binary, this PID namespace: CONF was used),
   * 'ignored' (failed those checks: a fake or a container's master),
   * 'unverified' (a non-root probe cannot check: CONF was not used).
   * Absent when no such process was seen.
   */
  master?: 'verified' | 'ignored' | 'unverified'
}

const MASTER_TRUST: ReadonlySet<string> = new Set(['verified', 'ignored', 'unverified'])

export function fpmFound(frames: FrameSet): FpmFound[] {
  return frames.all('fpm').map((f) => ({
    name: f.attrs.name ?? 'php-fpm',
    unit: f.attrs.unit ?? 'php-fpm',
    binary: f.attrs.path && f.attrs.path !== '-' ? f.attrs.path : undefined,
    version: f.attrs.version || /^php-fpm(.*)$/.exec(f.attrs.name ?? '')?.[1] || '',
    main: f.attrs.main || undefined,
    master: MASTER_TRUST.has(f.attrs.master ?? '') ? (f.attrs.master as FpmFound['master']) : undefined,
  }))
}

const FILE_HEADER = /^; ==> (.+) <==$/gm

/** The `fpm-files` frame: `; ==> PATH <==` then the file, then one newline. */
export function splitFpmFiles(body: string): FpmFile[] {
  const heads = [...body.matchAll(FILE_HEADER)]
  return heads.map((m, i) => {
    const start = (m.index ?? 0) + m[0].length + 1
    const stop = i + 1 < heads.length ? heads[i + 1].index ?? body.length : body.length
    let content = body.slice(start, stop)
    if (content.endsWith('\n')) content = content.slice(0, -1)
    return {path: m[1], content}
  })
}

// -tt logs the dump at NOTICE: `[name]` headers, `\tkey = value` and ` ` lines.
const DUMP_LINE = /NOTICE: (?:\t| $|\[[^\]]+\]$)/

/**
 * `-tt` output with the probe's test copy (`copy=`) named as the real main
 * conf (`main=`) again. A plain string replace: the paths are host data.
 */
export function ttOutput(tt: Frame): string {
  const {copy, main} = tt.attrs
  if (!copy || !main || !copy.startsWith('/') || !main.startsWith('/')) return tt.stderr
  return tt.stderr.split(copy).join(main)
}

/** `-tt` as a test result: rc, and stderr without the config dump. */
function testRun(tt: Frame, output: string): CommandRun {
  const stderr = output
    .split('\n')
    .filter((l) => !DUMP_LINE.test(l))
    .join('\n')
  return {exitCode: tt.rc ?? -1, stdout: '', stderr}
}

/**
 * The model from `-tt` when the test ran, else from the conf files. The probe
 * ran -tt against a copy whose error_log is /dev/null (so it never writes into
 * the live log): the real error_log and each pool's FILE:LINE come from the files.
 */
export function fpmInstallFacts(
  found: FpmFound,
  frames: FrameSet,
  partial: PartialFact[],
): {test: CommandRun | null; config: FpmInstallConfig | null} {
  const tt = frames.one('fpm-tt', {name: found.name})
  const filesFrame = frames.one('fpm-files', {name: found.name})
  const files = filesFrame ? splitFpmFiles(filesFrame.body) : []
  const mainPath = filesFrame?.attrs.main ?? found.main
  const fromFiles = files.length > 0 && mainPath ? parseFpmFiles(files, mainPath) : null
  if (filesFrame?.stderr) partial.push({fact: `fpm-files:${found.name}`, reason: firstLine(filesFrame.stderr)})
  if (!tt) {
    if (found.binary) partial.push({fact: `fpm-config:${found.name}`, reason: 'php-fpm -tt section missing'})
    return {test: null, config: fromFiles}
  }
  const output = ttOutput(tt)
  const test = testRun(tt, output)
  if (tt.rc === 0) {
    const dump = parseFpmDump(output)
    if (fromFiles) mergeFromFiles(dump, fromFiles)
    else delete dump.global.error_log
    const {config, notice} = chooseFpmModel(dump, fromFiles, {logLevel: tt.attrs.log_level})
    if (notice) partial.push({fact: `fpm-config:${found.name}`, reason: notice})
    return {test, config}
  }
  if (!fromFiles) partial.push({fact: `fpm-config:${found.name}`, reason: firstLine(output) || `php-fpm -tt exit ${tt.rc}`})
  return {test, config: fromFiles}
}

function mergeFromFiles(dump: FpmInstallConfig, files: FpmInstallConfig): void {
  if (files.global.error_log !== undefined) dump.global.error_log = files.global.error_log
  if (files.globalWhere.error_log !== undefined) dump.globalWhere.error_log = files.globalWhere.error_log
  copyWhere(files.globalWhere, dump.globalWhere)
  for (const pool of dump.pools) {
    const twin = files.pools.find((p) => p.name === pool.name)
    if (!twin) continue
    pool.file ??= twin.file
    pool.line ??= twin.line
    copyWhere(twin.where, pool.where)
  }
}

/** FILE:LINE of settings the files set explicitly ('default' entries say nothing). */
function copyWhere(from: Record<string, string>, to: Record<string, string>): void {
  for (const [key, where] of Object.entries(from)) if (where !== 'default') to[key] = where
}
