import type {RunnerEvent} from '../runner/run-fleet.js'

/**
 * A one-line progress counter on stderr, only when stderr is a TTY: cron and pipes
 * get silence. Redrawn in place with \r so it never scrolls the report away.
 */
export function createProgress(total: number, stream: NodeJS.WriteStream = process.stderr) {
  const enabled = Boolean(stream.isTTY) && total > 1
  const started = Date.now()
  let done = 0
  let failed = 0
  let running = 0
  const draw = () => {
    if (!enabled) return
    const elapsed = (Date.now() - started) / 1000
    const eta = done > 0 ? Math.max(0, (elapsed / done) * (total - done)) : undefined
    const etaText = eta === undefined ? '' : ` eta ${eta.toFixed(0)}s`
    stream.write(`\r\u001B[2K${done}/${total} done, ${failed} failed, ${running} running${etaText}`)
  }
  return {
    onEvent(event: RunnerEvent) {
      if (event.type === 'start') running += 1
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
