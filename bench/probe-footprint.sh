#!/usr/bin/env bash
# The probe's footprint on a host (issue 10): processes started, CPU-seconds,
# wall time and bytes of output per run, for
#   before  the probe as it was before issue 10 (test/fixtures/probe/probe-before-issue10.sh)
#   after   today's probe (src/probe/evidence.sh, if present, + src/probe/probe.sh, as probeScript() sends them)
#   main    probe.sh alone: its main section (the evidence section not sent, a skipped frame instead)
#   basic   a plain shell loop collecting the seed's basic facts (is-active, nginx -t,
#           the socket's stat, tails of the three logs), for scale
# each run RUNS times inside one lab host as fleet runs it (`sh -s`, the
# parameters on stdin), printed per run and as min / median.
#
# processes: the kernel's fork counter (/proc/stat `processes`) before and
# after, read with shell builtins inside the host. That counter is
# machine-wide: anything else running on the machine adds to it, so the
# minimum of the runs is the figure to quote (the median shows the noise). It
# includes the `sh -s` itself.
# With strace on the machine, the exact count is printed too: one traced run
# of each, counting the `sh -s` and every process descended from it.
# CPU: user+sys of the probe's whole process tree (the wrapper shell's
# children times, /proc/PID/stat cutime+cstime, after wait), 10 ms ticks.
#
# Usage (root): bash bench/probe-footprint.sh [RUNS=7] [FAULT...]
# Boots lab host `footprint` (with the FAULTs) in ${FLEET_LAB_DIR:-.lab/footprint},
# or reuses it when it is already up there; FLEET_FOOTPRINT_KEEP=1 leaves it up.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-7}"
shift || true
[ "$(id -u)" -eq 0 ] || { echo "probe-footprint: needs root (lab host)" >&2; exit 1; }
case $runs in '' | *[!0-9]*) echo "probe-footprint: RUNS must be a number" >&2; exit 2 ;; esac

export FLEET_LAB_DIR="${FLEET_LAB_DIR:-$PWD/.lab/footprint}"
name=footprint
lab=test/lab/lab.sh
work="$(mktemp -d)"
booted=no
cleanup() {
  if [ "$booted" = yes ] && [ -z "${FLEET_FOOTPRINT_KEEP:-}" ]; then bash "$lab" down "$name" >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

if ! bash "$lab" status 2>/dev/null | awk -v n="$name" '$1 == n && $4 == "up" {f = 1} END {exit !f}'; then
  echo "$name $*" >"$work/spec"
  echo "probe-footprint: booting lab host $name $*..." >&2
  bash "$lab" up "$work/spec" >&2
  booted=yes
fi

params=$'FLEET_NONCE=footprint1\nFLEET_WINDOW=3600\nFLEET_MAXLOG=262144\n'
{ printf '%s' "$params"; cat test/fixtures/probe/probe-before-issue10.sh; } >"$work/before.sh"
{ printf '%s' "$params"; [ -f src/probe/evidence.sh ] && cat src/probe/evidence.sh; cat src/probe/probe.sh; } >"$work/after.sh"
{ printf '%s' "$params"; cat src/probe/probe.sh; } >"$work/main.sh"
cat >"$work/basic.sh" <<'BASIC'
for u in nginx php8.2-fpm; do printf '%s ' "$u"; systemctl is-active "$u"; done
nginx -t 2>&1
stat -L -c '%F|%U|%G|%a|%n' /run/php/php8.2-fpm.sock
for l in /var/log/nginx/error.log /var/log/nginx/access.log /var/log/php8.2-fpm.log; do
  echo "== $l"; tail -c 262144 "$l"
done
BASIC
{ printf '%s' "$params"; cat "$work/basic.sh"; } >"$work/basic-in.sh"
mv "$work/basic-in.sh" "$work/basic.sh"

# Inside the host: $1 = script, $2 = output file. Only builtins between the two
# reads of the fork counter, apart from the `sh -s` under test.
inner='
out=$2
pc() { while read -r k v; do case $k in processes) P=$v; return ;; esac; done </proc/stat; }
t0=$(date +%s%N)
pc; p0=$P
sh -s <"$1" >"$out" 2>/dev/null
pc; p1=$P
t1=$(date +%s%N)
read -r st </proc/$$/stat
set -- $st
printf "%s %s %s %s\n" "$((p1 - p0))" "$((${16} + ${17}))" "$(((t1 - t0) / 1000000))" "$(wc -c <"$out" 2>/dev/null || echo 0)"
'
for s in before after main basic; do
  bash "$lab" exec "$name" sh -c 'cat >"$1"' sh "/tmp/footprint-$s.sh" <"$work/$s.sh"
done
tck=$(getconf CLK_TCK)

median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
printf '%-7s %-4s %10s %8s %8s %9s\n' what run processes cpu_s wall_ms bytes
for s in before after main basic; do
  : >"$work/$s.runs"
  for i in $(seq 1 "$runs"); do
    line=$(bash "$lab" exec "$name" sh -c "$inner" sh "/tmp/footprint-$s.sh" "/tmp/footprint-$s.out")
    read -r p c w b <<<"$line"
    cpu=$(awk -v c="$c" -v t="$tck" 'BEGIN {printf "%.2f", c / t}')
    echo "$p $cpu $w $b" >>"$work/$s.runs"
    printf '%-7s %-4s %10s %8s %8s %9s\n' "$s" "$i" "$p" "$cpu" "$w" "$b"
  done
done
echo
printf '%-7s %14s %16s %12s %9s\n' what 'processes min/med' 'cpu_s min/med' 'wall_ms med' bytes
for s in before after main basic; do
  col() { awk -v c="$1" '{print $c}' "$work/$s.runs"; }
  printf '%-7s %14s %16s %12s %9s\n' "$s" "$(col 1 | sort -n | head -n 1)/$(col 1 | median)" \
    "$(col 2 | sort -n | head -n 1)/$(col 2 | median)" "$(col 3 | median)" "$(col 4 | median)"
done

if command -v strace >/dev/null; then
  echo
  echo "exact processes (strace -f, one run; the sh -s and its descendants):"
  for s in before after main basic; do
    strace -f -qq -e trace=execve,clone,clone3,fork,vfork -e signal=none -o "$work/$s.trace" \
      bash "$lab" exec "$name" sh -s <"$work/$s.sh" >/dev/null 2>&1 || true
    # Pids in the trace are the machine's, but a fork's return value is the
    # child's pid in the host's namespace: count successful forks made after
    # the `sh -s` started, by it or by processes that did not exist before.
    n=$(awk '
      !started { pre[$1] = 1 }
      !started && /execve\("[^"]*", \["sh", "-s"\]/ && / = 0$/ { started = 1; root = $1; n = 1; next }
      started && ($1 == root || !($1 in pre)) && (/(clone|clone3|fork|vfork)\(/ || /<\.\.\. (clone|clone3|fork|vfork) resumed>/) && /= [0-9]+$/ { n++ }
      END { print n + 0 }' "$work/$s.trace")
    printf '%-7s %10s\n' "$s" "$n"
  done
fi
