import type {RunnerEvent} from '../runner/run-fleet.js'

/**
 * A one-line progress counter on stderr, only when stderr is a TTY: cron and pipes
 * get silence. Redrawn in place with \r so it never scrolls the report away.
 */
export function createProgress(stream: NodeJS.WriteStream = process.stderr) {
  const enabled = Boolean(stream.isTTY)
  let total = 0
  const started = Date.now()
  let done = 0
  let failed = 0
  let running = 0
  const draw = () => {
    if (!enabled) return
    const elapsed = (Date.now() - started) / 1000
    const eta = done > 0 ? Math.max(0, (elapsed / done) * (total - done)) : undefined
    const etaText = eta === undefined ? '' : ` eta ${eta.toFixed(0)}s`
    const width = 24
    const filled = total > 0 ? Math.round((done / total) * width) : 0
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`
    stream.write(`\r\u001B[2K${bar} ${done}/${total} done, ${failed} failed, ${running} running${etaText}`)
  }
  return {
    onEvent(event: RunnerEvent) {
      if (event.type === 'plan') total = event.total
      else if (event.type === 'start') running += 1
      else {
        running -= 1
        done += 1
        if (!event.ok) failed += 1
      }
      draw()
    },
    done() {
      if (enabled) stream.write('\r\u001B[2K')
    },
  }
}
