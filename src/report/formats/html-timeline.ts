/**
 * The HTML page's timeline: per host, each finding of the recorded runs as a bar from the run
 * that first had it to the run that no longer did (or to the last run while it is present).
 * The timeline arrives sanitised with the format context; only HTML entities are added here.
 */
import type {Timeline, TimelineEntry} from '../../history/timeline.js'
import {escapeHtml} from '../sanitize.js'

/** `2026-12-04T20:15:03.120Z` => `2026-12-04 20:15:03Z` (the instants were validated on load). */
function when(iso: string): string {
  return escapeHtml(iso.replace('T', ' ').replace(/\.\d+/, ''))
}

function percent(at: number, from: number, span: number): string {
  return `${Math.min(100, Math.max(0, ((at - from) / span) * 100)).toFixed(1)}%`
}

function entryRow(host: string, e: TimelineEntry, from: number, to: number): string {
  const span = Math.max(1, to - from)
  const start = Date.parse(e.firstSeen)
  const end = e.resolvedAt ? Date.parse(e.resolvedAt) : to
  const left = percent(start, from, span)
  // A bar is at least visible when the finding lived through a single run.
  const width = `max(4px, ${percent(from + (end - start), from, span)})`
  const state = e.resolvedAt ? `gone ${when(e.resolvedAt)}` : 'still present'
  const text = escapeHtml(`${host} ${e.check} ${e.message}`.toLowerCase(), {singleLine: true, maxLine: 4000})
  return (
    `<tr class="tl-entry${e.resolvedAt ? ' tl-gone' : ''}" data-text="${text}">` +
    `<td><code>${escapeHtml(e.check)}</code> <span class="tl-msg">${escapeHtml(e.message, {singleLine: true, maxLine: 200})}</span></td>` +
    `<td class="tl-when">appeared ${when(e.firstSeen)}</td><td class="tl-when">${state}</td>` +
    `<td class="tl-track"><span class="tl-bar sev-${e.severity}" style="left:${left};width:${width}"></span></td></tr>`
  )
}

/** One block per host of the report that the timeline knows, in report order. */
export function renderTimeline(timeline: Timeline, hosts: string[]): string {
  const runs = timeline.runs.map((r) => Date.parse(r)).filter((t) => !Number.isNaN(t))
  if (runs.length === 0) return ''
  const from = Math.min(...runs)
  const to = Math.max(...runs)
  const blocks: string[] = []
  for (const host of hosts) {
    if (!Object.hasOwn(timeline.hosts, host)) continue
    const entries = [...timeline.hosts[host]].sort((a, b) => a.firstSeen.localeCompare(b.firstSeen) || a.check.localeCompare(b.check))
    if (entries.length === 0) continue
    blocks.push(
      `<section class="timeline"><h3>${escapeHtml(host)}</h3><table class="tl">` +
        entries.map((e) => entryRow(host, e, from, to)).join('') +
        '</table></section>',
    )
  }
  const range = `${runs.length} recorded run${runs.length === 1 ? '' : 's'}, ${when(timeline.runs[0])} to ${when(timeline.runs[timeline.runs.length - 1])}`
  return `<h2>Timeline</h2>\n<p class="tl-range">${range}</p>\n${blocks.join('\n') || '<p>No findings in the recorded runs.</p>'}`
}
