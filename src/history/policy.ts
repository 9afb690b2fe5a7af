/**
 * Whether a run reads and writes the history of its selection. A person trying things at a
 * terminal must not eat the news a cron job's `--only-changes` is waiting for, nor move its
 * `--since last`: history belongs to runs that ask for it (`--record`, `--since last`,
 * `--diff`, `--only-changes`) and to runs without a terminal (cron, CI, pipelines).
 */
export interface HistoryAsk {
  record: boolean
  noHistory: boolean
  sinceLast: boolean
  diff: boolean
  onlyChanges: boolean
  /** stdin is a terminal: a person is at the keyboard. */
  interactive: boolean
}

export function historyWanted(ask: HistoryAsk): boolean {
  if (ask.noHistory) return false
  return ask.record || ask.sinceLast || ask.diff || ask.onlyChanges || !ask.interactive
}
