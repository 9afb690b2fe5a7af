#!/usr/bin/env bash
# Benchmark: start-up time of the compiled CLI. Prints the median wall-clock time of RUNS
# runs of each command that should answer at once (no inventory, no SSH).
# Usage: bash bench/startup.sh [RUNS=11]
# A benchmark, never a timed test: figures go to bench/RESULTS.md ("Start-up").
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-11}"
case "$runs" in ''|*[!0-9]*) echo "startup: RUNS must be a number" >&2; exit 64 ;; esac
[ -f dist/commands/explain.js ] || npm run build >/dev/null

# One run's wall time in milliseconds (node's own clock: no `time` builtin parsing).
wall_ms() {
  node -e '
    const {spawnSync} = require("node:child_process")
    const start = process.hrtime.bigint()
    const result = spawnSync(process.execPath, process.argv.slice(1), {stdio: ["ignore", "ignore", "ignore"]})
    const ms = Number(process.hrtime.bigint() - start) / 1e6
    if (result.status !== 0) { console.error(`startup: exit ${result.status}: ${process.argv.slice(2).join(" ")}`); process.exit(1) }
    console.log(ms.toFixed(1))
  ' bin/run.js "$@"
}

median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

measure() {
  local label="$1"; shift
  wall_ms "$@" >/dev/null # warm the page cache once
  local i
  for i in $(seq 1 "$runs"); do wall_ms "$@"; done | median | xargs printf '%-28s %7.1f ms\n' "$label"
}

echo "startup: median of $runs runs, $(node --version), $(nproc) cores"
measure 'fleet --help' --help
measure 'fleet explain' explain
measure 'fleet explain CHECK' explain upstream/socket-missing
measure 'fleet check --help' check --help
measure 'fleet --version' --version
