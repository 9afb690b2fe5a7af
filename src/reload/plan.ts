/**
 * Pure planning: `--batch` and `--max-fail` parsing and cutting the host list into batches.
 * Kept free of I/O so the rules (canary first, last size repeats, percentages round up) are unit-tested.
 */

/** One `--batch` element: an absolute count or a percentage of the hosts being rolled out. */
export type BatchSize = {kind: 'count'; value: number} | {kind: 'percent'; value: number}

export class PlanError extends Error {
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(`${option}: ${message}`)
    this.name = 'PlanError'
  }
}

const SIZE = /^(\d+)(%?)$/

function parseSize(option: string, raw: string): BatchSize {
  const text = raw.trim()
  const m = SIZE.exec(text)
  if (!m) throw new PlanError(option, `"${raw}" is not a count (5) or a percentage (25%)`)
  const value = Number(m[1])
  if (m[2] === '%') {
    if (value < 1 || value > 100) throw new PlanError(option, `"${raw}" must be between 1% and 100%`)
    return {kind: 'percent', value}
  }
  if (value < 1) throw new PlanError(option, `"${raw}" must be at least 1`)
  return {kind: 'count', value}
}

/** `"1,5,25%"` -> sizes; the first is the canary, the last repeats. */
export function parseBatchSpec(spec: string, option = '--batch'): BatchSize[] {
  const parts = spec.split(',')
  if (parts.some((p) => p.trim() === '')) throw new PlanError(option, `"${spec}" has an empty element`)
  return parts.map((p) => parseSize(option, p))
}

/** A percentage of `total` hosts, rounded up so that 25% of 3 hosts is 1, never 0. */
function resolve(size: BatchSize, total: number): number {
  if (size.kind === 'count') return size.value
  return Math.max(1, Math.ceil((size.value * total) / 100))
}

/** Cut `items` into successive batches; percentages are of the whole list. */
export function makeBatches<T>(items: readonly T[], sizes: readonly BatchSize[]): T[][] {
  if (sizes.length === 0) throw new PlanError('--batch', 'at least one size is needed')
  const batches: T[][] = []
  let at = 0
  let i = 0
  while (at < items.length) {
    const size = resolve(sizes[Math.min(i, sizes.length - 1)], items.length)
    batches.push(items.slice(at, at + size))
    at += size
    i++
  }
  return batches
}

/** `--max-fail`: how many failed hosts are tolerated before the rollout stops. */
export type MaxFail = {kind: 'count'; value: number} | {kind: 'percent'; value: number}

export function parseMaxFail(raw: string, option = '--max-fail'): MaxFail {
  const m = /^(\d+)(%?)$/.exec(raw.trim())
  if (!m) throw new PlanError(option, `"${raw}" is not a count (2) or a percentage (10%)`)
  const value = Number(m[1])
  if (m[2] === '%') {
    if (value > 100) throw new PlanError(option, `"${raw}" must be at most 100%`)
    return {kind: 'percent', value}
  }
  return {kind: 'count', value}
}

/** Failures allowed out of `total` hosts; a percentage rounds down so 10% of 5 hosts tolerates none. */
export function allowedFailures(maxFail: MaxFail, total: number): number {
  if (maxFail.kind === 'count') return maxFail.value
  return Math.floor((maxFail.value * total) / 100)
}

/** The rollout stops once failures exceed what `--max-fail` allows. */
export function shouldStop(failures: number, maxFail: MaxFail, total: number): boolean {
  return failures > allowedFailures(maxFail, total)
}

export function describeMaxFail(maxFail: MaxFail): string {
  return maxFail.kind === 'percent' ? `${maxFail.value}%` : String(maxFail.value)
}

/** The batch plan, one line per batch, said before the prompt (and before the first reload under --yes). */
export function describeBatches(batches: readonly (readonly string[])[]): string {
  const total = batches.reduce((n, b) => n + b.length, 0)
  const lines = batches.map((b, i) => `  batch ${i + 1}${i === 0 ? ' (canary)' : ''}: ${b.join(', ')}`)
  return [`plan: reload ${total} ${total === 1 ? 'host' : 'hosts'} in ${batches.length} ${batches.length === 1 ? 'batch' : 'batches'}`, ...lines].join('\n')
}
