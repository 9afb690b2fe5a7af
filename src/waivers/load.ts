/**
 * The waivers file: a YAML list of {check, hosts, justification, expires}. Every problem is
 * reported as FILE:LINE:COLUMN so the operator can jump to it; all problems at once.
 */
import {readFile} from 'node:fs/promises'
import {isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair} from 'yaml'
import {checkHostPattern} from './host-pattern.js'
import type {Waiver} from './types.js'

const FIELDS = ['check', 'hosts', 'justification', 'expires'] as const
const CHECK_ID = /^[a-z0-9*?-]+\/[a-z0-9*?-]+$|^\*$/

export class WaiverFileError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'))
    this.name = 'WaiverFileError'
  }
}

/** A real calendar date: `2025-02-30` is refused. */
export function isIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!m) return false
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return d.toISOString().slice(0, 10) === value
}

export function parseWaivers(text: string, file: string): Waiver[] {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, {lineCounter, prettyErrors: false, uniqueKeys: true})
  const problems: string[] = []
  const at = (offset: number | undefined, message: string): void => {
    const {line, col} = lineCounter.linePos(offset ?? 0)
    problems.push(`${file}:${line}:${col}: ${message}`)
  }
  for (const e of doc.errors) at(e.pos[0], e.message.split('\n')[0])
  if (problems.length > 0) throw new WaiverFileError(problems)
  const root = doc.contents
  if (root === null || (isScalar(root) && root.value === null)) return []
  if (!isSeq(root)) {
    at(root.range?.[0], 'expected a list of waivers (- check: ..., hosts: ..., justification: ..., expires: YYYY-MM-DD)')
    throw new WaiverFileError(problems)
  }
  const waivers: Waiver[] = []
  for (const item of root.items as Node[]) {
    const start = item?.range?.[0]
    if (!isMap(item)) {
      at(start, 'each waiver must be a mapping with check, hosts, justification, expires')
      continue
    }
    const values: Partial<Record<(typeof FIELDS)[number], {value: unknown; offset?: number}>> = {}
    for (const pair of item.items as Array<Pair<Node, Node>>) {
      const key = isScalar(pair.key) ? String(pair.key.value) : ''
      if (!(FIELDS as readonly string[]).includes(key)) {
        at(pair.key?.range?.[0], `unknown key ${JSON.stringify(key)} (expected ${FIELDS.join(', ')})`)
        continue
      }
      const node = pair.value
      const value = isSeq(node) ? node.items.map((i) => (isScalar(i) ? i.value : undefined)) : isScalar(node) ? node.value : undefined
      values[key as (typeof FIELDS)[number]] = {value, offset: node?.range?.[0] ?? pair.key?.range?.[0]}
    }
    const before = problems.length
    for (const field of FIELDS) if (!values[field]) at(start, `waiver is missing "${field}"`)
    if (problems.length > before) continue
    const {check, hosts, justification, expires} = values as Required<typeof values>
    if (typeof check.value !== 'string' || !CHECK_ID.test(check.value)) at(check.offset, `check must be a check id like "fpm/service-down" (got ${JSON.stringify(check.value)})`)
    const hostList = typeof hosts.value === 'string' ? [hosts.value] : hosts.value
    if (!Array.isArray(hostList) || hostList.length === 0 || !hostList.every((h) => typeof h === 'string' && h.trim() !== '')) {
      at(hosts.offset, 'hosts must be a host pattern or a list of them')
    } else {
      for (const pattern of hostList as string[]) {
        try {
          checkHostPattern(pattern)
        } catch (error) {
          at(hosts.offset, `bad host pattern ${JSON.stringify(pattern)}: ${(error as Error).message}`)
        }
      }
    }
    if (typeof justification.value !== 'string' || justification.value.trim() === '') at(justification.offset, 'justification must say why the risk is accepted')
    if (typeof expires.value !== 'string' || !isIsoDate(expires.value)) at(expires.offset, `expires must be a date YYYY-MM-DD (got ${JSON.stringify(expires.value)})`)
    if (problems.length > before) continue
    waivers.push({
      check: check.value as string,
      hosts: hostList as string[],
      justification: (justification.value as string).trim(),
      expires: expires.value as string,
      source: `${file}:${lineCounter.linePos(start ?? 0).line}`,
    })
  }
  if (problems.length > 0) throw new WaiverFileError(problems)
  return waivers
}

export async function loadWaivers(file: string): Promise<Waiver[]> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new WaiverFileError([`${file}: cannot read waivers file: ${(error as Error).message}`])
  }
  return parseWaivers(text, file)
}
