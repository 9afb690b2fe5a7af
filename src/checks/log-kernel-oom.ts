import {classifyKernel, KERNEL_SCREEN_NEEDLES, mayClassifyKernel} from '../logs/index.js'
import type {HostFacts} from '../probe/facts.js'
import {kernelEntriesWhere} from './windowed-logs.js'

/** One kernel OOM kill in the window. */
export interface OomKill {
  pid: string
  /** Process name (comm), e.g. `php-fpm8.2`. */
  name: string
  /** `Out of memory` (the whole machine) or `Memory cgroup out of memory` (a cgroup limit). */
  kind: string
  /** The `Killed process` line, or the `oom-kill:` summary when that is all the tail kept. */
  raw: string
  /** Epoch seconds of the line (null when the kernel log carried no readable time). */
  time: number | null
  /** The `oom-kill:constraint=...` summary line of the same kill, when present. */
  summary?: string
  /** CONSTRAINT_NONE, CONSTRAINT_MEMCG, ... from the summary. */
  constraint?: string
}

const cache = new WeakMap<HostFacts, OomKill[]>()

/**
 * OOM kills in the window, oldest first. The kernel writes the summary
 * (`oom-kill:constraint=...,task=NAME,pid=PID`) just before `Killed process PID`
 * (mm/oom_kill.c oom_kill_process): a summary waits for the kill line of its pid, and a
 * summary whose kill line the tail did not keep still counts as a kill.
 */
export function oomKills(facts: HostFacts): OomKill[] {
  let kills = cache.get(facts)
  if (!kills) {
    kills = []
    const pending = new Map<string, OomKill>()
    // Kernels before 4.19 first name the process they chose (`Kill process N (NAME) score S or sacrifice child`),
    // then kill one of its children or itself (`Killed process M (NAME2)`, no prefix): the victim is M.
    let selected: OomKill | null = null
    const flushSelected = () => {
      if (selected) kills!.push(selected)
      selected = null
    }
    // Only the lines that can be OOM messages are parsed: a few among thousands.
    for (const entry of kernelEntriesWhere(facts, KERNEL_SCREEN_NEEDLES, mayClassifyKernel)) {
      const found = classifyKernel(entry)
      if (!found?.pid) continue
      if (found.class === 'oom-select') {
        flushSelected()
        selected = {pid: found.pid, name: found.name, kind: found.kind, raw: entry.raw, time: entry.time}
      } else if (found.class === 'oom-summary') {
        const orphan = pending.get(found.pid)
        if (orphan) kills.push(orphan)
        pending.set(found.pid, {pid: found.pid, name: found.name, kind: '', raw: entry.raw, time: entry.time, summary: entry.raw, constraint: found.constraint})
      } else if (found.class === 'oom-kill') {
        const summary = pending.get(found.pid)
        pending.delete(found.pid)
        const kind = found.kind ?? (selected as OomKill | null)?.kind ?? 'Out of memory'
        selected = null
        kills.push({pid: found.pid, name: found.name, kind, raw: entry.raw, time: entry.time, summary: summary?.summary, constraint: summary?.constraint})
      }
    }
    flushSelected()
    kills.push(...pending.values())
    kills.sort((a, b) => (a.time ?? 0) - (b.time ?? 0))
    cache.set(facts, kills)
  }
  return kills
}

/** Whether an OOM kill hit a PHP-FPM process (names: php-fpm8.2, php-fpm, php-fpm7.4, ...). */
export function isFpmProcess(name: string): boolean {
  return /^php-?fpm/i.test(name) || /^php\d/.test(name)
}
