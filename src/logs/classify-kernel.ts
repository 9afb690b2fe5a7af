import type {KernelEntry} from './types.js'

/**
 * Kernel OOM messages, from Linux mm/oom_kill.c (`__oom_kill_process`, `dump_oom_summary`)
 * and, for kernels before 4.x, `oom_kill_process` ("Kill process %d (%s) score %u or sacrifice child").
 */
export interface KernelClass {
  class: string
  pattern: RegExp
}

export const KERNEL_CLASSES: KernelClass[] = [
  {class: 'oom-kill', pattern: /(?<kind>Out of memory|Memory cgroup out of memory): Killed process (?<pid>\d+) \((?<name>[^)]*)\)/},
  {class: 'oom-kill', pattern: /(?<kind>Out of memory|Memory cgroup out of memory): Kill process (?<pid>\d+) \((?<name>[^)]*)\) score (?<score>\d+) or sacrifice child/},
  {class: 'oom-summary', pattern: /oom-kill:constraint=(?<constraint>[^,]+),.*?task=(?<name>[^,]*),pid=(?<pid>\d+),uid=(?<uid>\d+)/},
]

export type KernelClassification = {class: string} & Record<string, string>

export function classifyKernel(entry: KernelEntry): KernelClassification | null {
  for (const rule of KERNEL_CLASSES) {
    const match = rule.pattern.exec(entry.message)
    if (match) return {class: rule.class, ...(match.groups as Record<string, string>)}
  }
  return null
}
