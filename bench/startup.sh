#!/usr/bin/env bash
# Benchmark: start-up of the compiled CLI, for the commands that should answer at once (no
# inventory, no SSH). Prints, for each, the median of RUNS runs: wall-clock time, and CPU time
# (user+sys, from /usr/bin/time) which a machine shared with other work disturbs less.
# Usage: bash bench/startup.sh [RUNS=11]
# A benchmark, never a timed test: the figures go to bench/RESULTS.md ("Start-up").
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-11}"
case "$runs" in '' | *[!0-9]* | 0) echo "startup: RUNS must be a positive number" >&2; exit 64 ;; esac
command -v /usr/bin/time >/dev/null || { echo "startup: needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
[ -f dist/commands/explain.js ] || npm run build >/dev/null

echo "startup: median of $runs runs, node $(node --version), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
RUNS="$runs" node --input-type=module - <<'JS'
import {spawnSync} from 'node:child_process'

const runs = Number(process.env.RUNS)
const commands = [
  ['fleet --help', ['--help']],
  ['fleet explain', ['explain']],
  ['fleet explain CHECK', ['explain', 'upstream/socket-missing']],
  ['fleet check --help', ['check', '--help']],
  ['fleet --version', ['--version']],
]
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** One run: wall ms around the process, CPU ms (user+sys) as /usr/bin/time reports it. */
function once(args) {
  const start = process.hrtime.bigint()
  const result = spawnSync('/usr/bin/time', ['-f', '%U %S', process.execPath, 'bin/run.js', ...args], {encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe']})
  const wall = Number(process.hrtime.bigint() - start) / 1e6
  if (result.status !== 0) throw new Error(`exit ${result.status}: fleet ${args.join(' ')}\n${result.stderr}`)
  const [user, sys] = result.stderr.trim().split('\n').at(-1).split(' ').map(Number)
  return {wall, cpu: (user + sys) * 1000}
}

console.log(`${'command'.padEnd(24)} ${'wall'.padStart(9)} ${'cpu'.padStart(9)}`)
for (const [label, args] of commands) {
  once(args) // warm the page cache
  const samples = Array.from({length: runs}, () => once(args))
  const wall = median(samples.map((s) => s.wall))
  const cpu = median(samples.map((s) => s.cpu))
  console.log(`${label.padEnd(24)} ${wall.toFixed(0).padStart(6)} ms ${cpu.toFixed(0).padStart(6)} ms`)
}
JS
echo "startup: load average after $(cut -d' ' -f1-3 /proc/loadavg)"
