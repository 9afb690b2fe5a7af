import type {HostFacts} from './facts.js'
import {lines, toInt} from './text.js'

export interface ProcessRow {
  pid: number
  ppid: number
  rssKb: number
  comm: string
  args: string
}

/** `ps -e -o pid=,ppid=,rss=,comm=,args=` rows (the probe keeps nginx and php-fpm only). */
export function parsePs(body: string): ProcessRow[] {
  return lines(body).flatMap((line) => {
    const m = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\S+)\s*(.*)$/.exec(line)
    return m ? [{pid: Number(m[1]), ppid: Number(m[2]), rssKb: Number(m[3]), comm: m[4], args: m[5]}] : []
  })
}

/**
 * RSS of FPM children by process name. The master is left out: its title says
 * `master process`, and its parent is not an FPM process.
 */
export function fpmChildRss(rows: ProcessRow[]): Record<string, number[]> {
  const fpm = rows.filter((r) => r.comm.startsWith('php-fpm'))
  const pids = new Set(fpm.map((r) => r.pid))
  const out: Record<string, number[]> = {}
  for (const row of fpm) {
    if (/master process/.test(row.args) || !pids.has(row.ppid)) continue
    ;(out[row.comm] ??= []).push(row.rssKb)
  }
  return out
}

/** MemTotal / MemAvailable from the `meminfo` frame. */
export function parseMeminfo(body: string): Pick<HostFacts['memory'], 'memTotalKb' | 'memAvailableKb'> {
  const kb = (key: string): number | undefined => toInt(new RegExp(`^${key}:\\s*(\\d+)`, 'm').exec(body)?.[1])
  return {memTotalKb: kb('MemTotal'), memAvailableKb: kb('MemAvailable')}
}
