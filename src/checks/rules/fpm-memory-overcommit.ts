import type {FpmInstall} from '../../probe/facts.js'
import type {Check} from '../types.js'
import {poolSettingAt} from '../fpm-pool-match.js'

/**
 * Per-child estimate when no FPM child runs at probe time (ondemand pools, FPM
 * stopped). A PHP 8 child of a framework app typically sits at 30-60 MiB RSS once
 * it has served requests (opcache shared memory counted in each RSS); idle stock
 * children measure about 9-10 MiB. 40 MiB is in the middle of the loaded range.
 */
export const DEFAULT_CHILD_RSS_KB = 40 * 1024

const mib = (kb: number): number => Math.round(kb / 1024)

export const fpmMemoryOvercommit: Check = {
  needs: ['fpm-config', 'memory'],
  meta: {
    id: 'fpm/memory-overcommit',
    severity: 'warning',
    summary: 'FPM pools may start more children than the host has memory for (heuristic)',
    docs: {
      description: `Sums pm.max_children over every pool and multiplies each by the average RSS of that FPM's running children (or, when none runs, a ${mib(DEFAULT_CHILD_RSS_KB)} MiB estimate per child). When the sum exceeds MemTotal, a traffic spike lets FPM fork children until the kernel OOM killer steps in. It is a heuristic: RSS counts shared pages (opcache) in every child, and children grow with the requests they serve.`,
      symptom:
        '502 Bad Gateway under load (`recv() failed (104: Connection reset by peer)`), FPM `child N exited on signal 9 (SIGKILL)`, kernel `Out of memory: Killed process ... (php-fpm8.2)`; swapping makes everything slow (504) first.',
      fix: 'Size pm.max_children as (RAM left for PHP) / (RSS of a busy child), e.g. measured with `ps -o rss= -C php-fpm8.2` at peak; add RAM or move pools when the site needs more.',
      snippet: '; 4 GiB for PHP, 60 MiB per child\npm.max_children = 64',
    },
    messages: {
      overcommit:
        'heuristic: pools may grow to {{children}} children x {{perChild}} = {{totalMib}} MiB, more than MemTotal {{memMib}} MiB ({{ratio}}x)',
    },
  },
  run(facts, context) {
    const memTotal = facts.memory.memTotalKb
    const installs = facts.fpm.filter((install) => install.config && install.config.pools.length > 0)
    if (installs.length === 0) {
      if (facts.fpm.some((install) => install.service.installed)) context.skip('FPM pools could not be read')
      return
    }
    if (memTotal === undefined) {
      context.skip('MemTotal (/proc/meminfo) was not collected')
      return
    }
    let totalKb = 0
    let children = 0
    const perChild: string[] = []
    const evidence: string[] = []
    for (const install of installs) {
      const {averageKb, source} = childRss(facts.memory.fpmChildRssKb, install)
      perChild.push(`${mib(averageKb)} MiB (${install.binary}: ${source})`)
      evidence.push(`${install.binary} per child: ${averageKb} KiB, ${source}`)
      for (const pool of install.config?.pools ?? []) {
        const max = Number(pool.settings['pm.max_children'])
        if (!Number.isFinite(max) || max <= 0) continue
        children += max
        totalKb += max * averageKb
        evidence.push(`[${pool.name}] pm.max_children = ${max} (${poolSettingAt(pool, 'pm.max_children') ?? 'from php-fpm -tt'})`)
      }
    }
    if (totalKb <= memTotal) return
    context.report({
      messageId: 'overcommit',
      data: {
        children,
        perChild: perChild.join(' + '),
        totalMib: mib(totalKb),
        memMib: mib(memTotal),
        ratio: (totalKb / memTotal).toFixed(1),
      },
      evidence: [...evidence, `MemTotal: ${memTotal} kB`],
    })
  },
}

/** Average RSS of the install's running children, or the documented default (and which one it was). */
function childRss(rss: Record<string, number[]>, install: FpmInstall): {averageKb: number; source: string} {
  const samples = rss[install.binary] ?? []
  if (samples.length === 0) return {averageKb: DEFAULT_CHILD_RSS_KB, source: 'no child running, default estimate'}
  const averageKb = Math.round(samples.reduce((sum, kb) => sum + kb, 0) / samples.length)
  return {averageKb, source: `average of ${samples.length} running children`}
}
