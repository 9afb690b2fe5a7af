/** Groups items by a key, keeping first-seen order (log order: oldest first). */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const k = key(item)
    const group = groups.get(k)
    if (group) group.push(item)
    else groups.set(k, [item])
  }
  return groups
}

/** `a x3, b` for the `limit` most frequent values (ties: first seen first), `+N more` after. */
export function topCounts(values: readonly string[], limit: number): string {
  const counts = [...groupBy(values, (value) => value)].map(([value, all]) => ({value, count: all.length}))
  counts.sort((a, b) => b.count - a.count)
  const shown = counts.slice(0, limit).map(({value, count}) => (count > 1 ? `${value} x${count}` : value))
  if (counts.length > limit) shown.push(`+${counts.length - limit} more`)
  return shown.join(', ')
}
