import {execBounded, type MatchEnd} from './bounded-exec.js'
import type {KernelEntry} from './types.js'

/**
 * Kernel OOM messages, from Linux mm/oom_kill.c (`__oom_kill_process`, `dump_oom_summary`)
 * and, for kernels before 4.x, `oom_kill_process` ("Kill process %d (%s) score %u or sacrifice child").
 */
export interface KernelClass {
  class: string
  pattern: RegExp
  /** Where its matches end (each pattern has `.*` before a literal): no quadratic scan of a hostile line. */
  bound: MatchEnd
}

// A comm may hold `)` (and spaces): the name runs to the last `)` before the field that follows it.
export const KERNEL_CLASSES: KernelClass[] = [
  // Kernels since 4.19: `Out of memory: Killed process PID (NAME) total-vm:...`; before: `Killed process PID (NAME) total-vm:...`
  // with no prefix, after the `Kill process ... or sacrifice child` line that chose the parent.
  {
    class: 'oom-kill',
    pattern: /(?:(?<kind>Out of memory|Memory cgroup out of memory): )?Killed process (?<pid>\d+) \((?<name>.*)\)(?= total-vm:| vsz:|$)/,
    bound: {needle: 'Killed process ', end: /\)(?= total-vm:| vsz:|$)/g},
  },
  {
    class: 'oom-select',
    pattern: /(?<kind>Out of memory|Memory cgroup out of memory): Kill process (?<pid>\d+) \((?<name>.*)\) score (?<score>\d+) or sacrifice child/,
    bound: {needle: ' or sacrifice child', end: /\) score \d+ or sacrifice child/g},
  },
  {
    class: 'oom-summary',
    pattern: /oom-kill:constraint=(?<constraint>[^,]+),.*?task=(?<name>.*?),pid=(?<pid>\d+),uid=(?<uid>\d+)/,
    bound: {needle: 'oom-kill:constraint=', end: /,pid=\d+,uid=\d+/g},
  },
]

export type KernelClassification = {class: string} & Record<string, string>

export function classifyKernel(entry: KernelEntry): KernelClassification | null {
  for (const rule of KERNEL_CLASSES) {
    const match = execBounded(rule.pattern, entry.message, rule.bound)
    if (!match) continue
    const groups = Object.entries(match.groups ?? {}).filter((pair): pair is [string, string] => pair[1] !== undefined)
    return {class: rule.class, ...Object.fromEntries(groups)}
  }
  return null
}

const NEEDLES = KERNEL_CLASSES.map((rule) => rule.bound.needle)
/**
 * Every class's pattern holds one of these literals (`Killed process`, `Kill process`,
 * `oom-kill:`): for searching a whole log's text or bytes (linesMatching).
 */
export const KERNEL_SCREEN_NEEDLES: readonly string[] = ['Kill', 'oom-kill']
// The same as one regex (the needles hold no regex syntax): it screens a line three times
// faster than three searches.
const KERNEL_SCREEN = new RegExp(KERNEL_SCREEN_NEEDLES.join('|'))

/**
 * False when `line` cannot classify: none of the classes' literals (each pattern requires
 * its bound's needle) is in it. Lets a caller skip parsing the other kernel lines.
 */
export function mayClassifyKernel(line: string): boolean {
  return KERNEL_SCREEN.test(line) && NEEDLES.some((needle) => line.includes(needle))
}
