#!/usr/bin/env bash
# Scale benchmark on simulated hosts: `fleet check` side by side with the bare ssh2
# floor, parallel-ssh and Ansible against HOSTS simulated SSH servers (bench/sim/server.mjs,
# one Node process, one loopback address and host key per host, recorded real probe
# outputs after --delay-ms). Same concurrency C for every tool. Prints wall time, CPU
# (user+sys of the tool's process tree) and peak RSS, the median of RUNS runs, then one
# failure-storm run (refused + hung hosts, connect timeout --timeout) per tool.
# The simulator runs on the same 2 cores as the tools: its CPU is not in the figures
# but it competes with them.
# Usage: bash bench/scale.sh HOSTS[,HOSTS...] [RUNS=3] [--concurrency 50] [--delay-ms 300]
#          [--ansible-runs RUNS] [--ansible-max 1000] [--storm-ansible-max 500]
#          [--storm-fail 0.10] [--storm-hang 0.05] [--timeout 5] [--no-storm] [--storm-only]
#          [--record FILE]
# A list of host counts (100,500,1000,2000) runs each in turn, the storm only at the last
# count that is 1000 or less, then fits each tool's figures against N (bench/fit.mjs): slope per
# 1,000 hosts. Ansible is left out above --ansible-max hosts (about 6 minutes a run at 1,000)
# and from storms above --storm-ansible-max, with the reason printed. --record FILE appends
# "HOSTS TOOL WALL CPU RSS_MB" median lines for the fit.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ "${1:-}" =~ ^[0-9]+(,[0-9]+)*$ ]] || { echo "usage: bash bench/scale.sh HOSTS[,HOSTS...] [RUNS] [--concurrency C] ..." >&2; exit 64; }
hosts_count="$1"; shift
runs=3
if [[ "${1:-}" =~ ^[0-9]+$ ]]; then runs="$1"; shift; fi
if [[ "$hosts_count" == *,* ]]; then
  # A series: one run of this script per host count, then the fit.
  IFS=, read -r -a counts <<< "$hosts_count"
  record="$(mktemp)"
  storm_at=""
  for n in "${counts[@]}"; do [ "$n" -le 1000 ] && storm_at="$n"; done
  for n in "${counts[@]}"; do
    extra=(--no-storm); [ "$n" = "$storm_at" ] && extra=()
    [[ " $* " == *" --no-storm "* ]] && extra=()
    bash "$0" "$n" "$runs" "$@" "${extra[@]}" --record "$record"
  done
  printf '\nGrowth with N (least squares over the medians above, %s):\n\n' "$(date -u +%Y-%m-%dT%H:%MZ)"
  node "$(dirname "$0")/fit.mjs" "$record"
  rm -f "$record"
  exit 0
fi
concurrency=50 delay_ms=300 ansible_runs="" storm_fail=0.10 storm_hang=0.05 timeout=5 storm=1 steady=1 record="" ansible_max=1000 storm_ansible_max=500
while [ $# -gt 0 ]; do
  case "$1" in
    --ansible-max) ansible_max="$2"; shift 2 ;;
    --storm-ansible-max) storm_ansible_max="$2"; shift 2 ;;
    --storm-only) steady=0; shift ;;
    --record) record="$2"; shift 2 ;;
    --concurrency) concurrency="$2"; shift 2 ;;
    --delay-ms) delay_ms="$2"; shift 2 ;;
    --ansible-runs) ansible_runs="$2"; shift 2 ;;
    --storm-fail) storm_fail="$2"; shift 2 ;;
    --storm-hang) storm_hang="$2"; shift 2 ;;
    --timeout) timeout="$2"; shift 2 ;;
    --no-storm) storm=0; shift ;;
    *) echo "bench/scale.sh: unknown option $1" >&2; exit 64 ;;
  esac
done
ansible_runs="${ansible_runs:-$runs}"
[ "$hosts_count" -ge 1 ] && [ "$hosts_count" -le 2000 ] || { echo "bench/scale.sh: HOSTS must be 1..2000 (got $hosts_count)" >&2; exit 64; }
for tool in parallel-ssh ansible /usr/bin/time ssh-keygen; do
  command -v "$tool" >/dev/null || { echo "bench/scale.sh: $tool missing (apt-get install -y pssh ansible-core time openssh-client)" >&2; exit 69; }
done
[ -f dist/commands/check.js ] || npm run build >/dev/null
# One ssh process per host in flight (parallel-ssh, Ansible) plus their control sockets.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

work="$(mktemp -d)"
sim_pid=""
stop_sim() {
  [ -n "$sim_pid" ] || return 0
  kill -TERM "$sim_pid" 2>/dev/null || true
  wait "$sim_pid" 2>/dev/null || true
  sim_pid=""
}
# Ansible's ControlPersist masters outlive ansible itself: close them by their sockets.
close_masters() {
  find "$work/cp" -type s 2>/dev/null | xargs -r -P 16 -I{} ssh -o ControlPath={} -O exit sim >/dev/null 2>&1 || true
}
cleanup() { close_masters; stop_sim; rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

ssh-keygen -q -t ed25519 -N '' -C scale-bench -f "$work/id_ed25519" >/dev/null
key="$work/id_ed25519"
known="$work/known_hosts"
export XDG_STATE_HOME="$work/state" # fleet's run history goes with the work dir

start_sim() { # FAIL_RATIO HANG_RATIO
  node bench/sim/server.mjs --hosts "$hosts_count" --authorized-key "$key.pub" --known-hosts "$known" \
    --hosts-json "$work/hosts.json" --delay-ms "$delay_ms" --fail-ratio "$1" --hang-ratio "$2" \
    --max-seconds 7200 >"$work/sim.out" 2>"$work/sim.err" &
  sim_pid=$!
  stats_lines=0
  for _ in $(seq 600); do
    grep -q '^sim: ready' "$work/sim.out" 2>/dev/null && { cat "$work/sim.out" >&2; return 0; }
    kill -0 "$sim_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "bench/scale.sh: simulator did not start:" >&2; cat "$work/sim.err" >&2; exit 1
}

write_inventories() {
  node -e '
    const h = require(process.argv[1]); const key = process.argv[2]
    console.log(`defaults: { user: root, identity_file: "${key}" }\nhosts:`)
    for (const x of h) console.log(`  ${x.name}: { address: ${x.address}, port: ${x.port} }`)' "$work/hosts.json" "$key" > "$work/inventory.yml"
  node -e 'for (const h of require(process.argv[1])) console.log(`root@${h.address}:${h.port}`)' "$work/hosts.json" > "$work/pssh-hosts"
  {
    echo "all:"
    echo "  vars: { ansible_user: root, ansible_ssh_private_key_file: $key, ansible_ssh_common_args: '-o UserKnownHostsFile=$known -o StrictHostKeyChecking=yes' }"
    echo "  hosts:"
    node -e 'for (const h of require(process.argv[1])) console.log(`    ${h.name}: { ansible_host: ${h.address}, ansible_port: ${h.port} }`)' "$work/hosts.json"
  } > "$work/ansible.yml"
}

# The whole probe as fleet sends it (src/probe/script.ts): the evidence section's
# definitions, then probe.sh; one file so Ansible's `script` module can run it too.
probe="$work/probe.sh"
{ echo '#!/bin/sh'; cat src/probe/evidence.sh src/probe/probe.sh; } > "$probe"
# What fleet sends on stdin: the parameters in front of the script (src/probe/script.ts).
printf 'FLEET_NONCE=benchnonce\nFLEET_WINDOW=3600\nFLEET_MAXLOG=262144\n' | cat - "$probe" > "$work/probe-stdin.sh"
ssh_opts="-i $key -o UserKnownHostsFile=$known -o StrictHostKeyChecking=yes -o BatchMode=yes -o ConnectTimeout=$timeout"
declare -A commands=(
  [fleet]="node bin/run.js check -i $work/inventory.yml --all --known-hosts $known --identity $key --json --concurrency $concurrency --timeout $timeout"
  [bare-ssh2]="node bench/bare-ssh2.mjs $work/hosts.json $key $probe $concurrency $timeout"
  [parallel-ssh]="parallel-ssh -h $work/pssh-hosts -p $concurrency -t 120 -x '$ssh_opts' -I -o $work/pssh-out 'sh -s' < $work/probe-stdin.sh"
  # `script` uploads the probe (SFTP) and runs the copy: four extra round trips on one
  # multiplexed connection per host; `raw` cannot feed the probe on stdin.
  [ansible]="ANSIBLE_HOST_KEY_CHECKING=True ANSIBLE_SSH_CONTROL_PATH_DIR=$work/cp ansible all -i $work/ansible.yml -f $concurrency -T $timeout -m script -a '$probe benchnonce 3600 262144'"
)
order=(fleet bare-ssh2 parallel-ssh ansible)
# --ansible-runs 0 leaves Ansible out (about 6 minutes a run at 1,000 hosts), and so does --ansible-max.
if [ "$ansible_runs" -eq 0 ] || [ "$hosts_count" -gt "$ansible_max" ]; then
  order=(fleet bare-ssh2 parallel-ssh)
  [ "$ansible_runs" -eq 0 ] || echo "bench/scale.sh: Ansible left out at $hosts_count hosts (more than --ansible-max $ansible_max; 2 minutes at 1,000 hosts on an idle machine, 6 when loaded)" >&2
fi

probes_served() { # N -> the probe count in the simulator's Nth stats line (asked for by SIGUSR1)
  kill -USR1 "$sim_pid"
  for _ in $(seq 100); do
    [ "$(grep -c '^sim: {' "$work/sim.err" || true)" -ge "$1" ] && break
    sleep 0.05
  done
  grep '^sim: {' "$work/sim.err" | sed -n "${1}p" | node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => console.log(JSON.parse(s.slice(5)).probe))'
}
stats_lines=0

measure() { # NAME -> "wall cpu maxrss_kb probes exit" of one run
  local before after code=0
  stats_lines=$((stats_lines + 1)); before=$(probes_served "$stats_lines")
  /usr/bin/time -f '%e %U %S %M' -o "$work/time" bash -c "${commands[$1]}" >"$work/$1.out" 2>"$work/$1.err" || code=$?
  [ "$1" = ansible ] && { close_masters; rm -rf "$work/cp"; }
  stats_lines=$((stats_lines + 1)); after=$(probes_served "$stats_lines")
  # Exit codes are informative only: the recorded outputs carry findings (fleet exits 2) and
  # storms make every tool report failed hosts; the probes-served count says the work was done.
  awk -v p=$((after - before)) -v c="$code" '/^[0-9.]+ [0-9.]+ [0-9.]+ [0-9]+$/ {printf "%s %.2f %s %s %s\n", $1, $2 + $3, $4, p, c}' "$work/time"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

table() { # TITLE RUNS_LABEL, reads $work/NAME.runs
  printf '\n%s\n\n' "$1"
  printf '| %-13s | %4s | %9s | %9s | %13s | %14s | %13s |\n' tool runs 'wall (s)' 'cpu (s)' 'peak RSS (MB)' 'probes served' 'wall vs fleet'
  printf '|---------------|------|-----------|-----------|---------------|----------------|---------------|\n'
  local fw; fw=$(cut -d' ' -f1 "$work/fleet.runs" | median)
  for name in "${order[@]}"; do
    local w c m p n
    w=$(cut -d' ' -f1 "$work/$name.runs" | median); c=$(cut -d' ' -f2 "$work/$name.runs" | median)
    m=$(cut -d' ' -f3 "$work/$name.runs" | median); p=$(cut -d' ' -f4 "$work/$name.runs" | median)
    n=$(wc -l < "$work/$name.runs")
    printf '| %-13s | %4s | %9s | %9s | %13s | %14s | %13s |\n' "$name" "$n" "$w" "$c" \
      "$(awk -v k="$m" 'BEGIN {printf "%.0f", k / 1024}')" "$p" "$(awk -v a="$w" -v b="$fw" 'BEGIN {printf "%.2fx", a / b}')"
  done
}

# ---- steady state: every host answers ----
if [ "$steady" -eq 1 ]; then
start_sim 0 0
write_inventories
answering=$(node -e 'console.log(require(process.argv[1]).filter((h) => h.behaviour === "answer").length)' "$work/hosts.json")
echo "bench/scale.sh: warm-up round..." >&2
for name in "${order[@]}"; do
  # One Ansible run is the whole budget for it: no warm-up round of several minutes.
  if [ "$name" = ansible ] && [ "$ansible_runs" -le 1 ]; then echo "bench/scale.sh: no Ansible warm-up (--ansible-runs $ansible_runs)" >&2; continue; fi
  measure "$name" >/dev/null
done
for name in "${order[@]}"; do
  n="$runs"; [ "$name" = ansible ] && n="$ansible_runs"
  echo "bench/scale.sh: $name x $n..." >&2
  : > "$work/$name.runs"
  for _ in $(seq "$n"); do measure "$name" >> "$work/$name.runs"; done
done
ideal=$(awk -v h="$hosts_count" -v c="$concurrency" -v d="$delay_ms" 'BEGIN {printf "%.1f", int((h + c - 1) / c) * d / 1000}')
table "$hosts_count simulated hosts ($answering answering), concurrency $concurrency, delay ${delay_ms} ms (waves x delay = ${ideal} s), median, $(date -u +%Y-%m-%dT%H:%MZ)"
f=$(cut -d' ' -f1 "$work/fleet.runs" | median); b=$(cut -d' ' -f1 "$work/bare-ssh2.runs" | median); p=$(cut -d' ' -f1 "$work/parallel-ssh.runs" | median)
awk -v f="$f" -v b="$b" -v p="$p" 'BEGIN {printf "\nfleet / bare ssh2: %.2fx; fleet / parallel-ssh: %.2fx\n", f / b, f / p}'
fc=$(cut -d' ' -f2 "$work/fleet.runs" | median); bc=$(cut -d' ' -f2 "$work/bare-ssh2.runs" | median)
fm=$(cut -d' ' -f3 "$work/fleet.runs" | median)
awk -v f="$fc" -v b="$bc" -v h="$hosts_count" -v m="$fm" 'BEGIN {printf "CPU per host: fleet %.2f ms, bare ssh2 %.2f ms (%.2fx); fleet peak RSS %.0f MB\n", f * 1000 / h, b * 1000 / h, f / b, m / 1024}'
if [ -n "$record" ]; then
  for name in "${order[@]}"; do
    printf '%s %s %s %s %s\n' "$hosts_count" "$name" "$(cut -d' ' -f1 "$work/$name.runs" | median)" "$(cut -d' ' -f2 "$work/$name.runs" | median)" \
      "$(awk -v k="$(cut -d' ' -f3 "$work/$name.runs" | median)" 'BEGIN {printf "%.0f", k / 1024}')" >> "$record"
  done
fi
for name in "${order[@]}"; do cp "$work/$name.runs" "$work/$name.steady"; done
stop_sim
fi

[ "$storm" -eq 1 ] || exit 0
# ---- failure storm: refused and hung hosts, one run per tool ----
if [ "$hosts_count" -gt "$storm_ansible_max" ] && [ "${order[-1]}" = ansible ]; then
  order=(fleet bare-ssh2 parallel-ssh)
  echo "bench/scale.sh: Ansible left out of the storm at $hosts_count hosts (more than --storm-ansible-max $storm_ansible_max)" >&2
fi
start_sim "$storm_fail" "$storm_hang"
write_inventories
answering=$(node -e 'console.log(require(process.argv[1]).filter((h) => h.behaviour === "answer").length)' "$work/hosts.json")
hung=$(node -e 'console.log(require(process.argv[1]).filter((h) => h.behaviour === "hang").length)' "$work/hosts.json")
for name in "${order[@]}"; do
  echo "bench/scale.sh: storm: $name..." >&2
  measure "$name" > "$work/$name.runs"
  [ "$name" = fleet ] && cp "$work/fleet.out" "$work/fleet-storm.json"
done
table "Failure storm: $hosts_count hosts, ${storm_fail} refuse + ${storm_hang} hang ($answering answering), connect timeout ${timeout} s, concurrency $concurrency, one run"
echo
node bench/storm-check.mjs "$work/hosts.json" "$work/fleet-storm.json" || true
# Each hung host holds one of the C slots until its connect deadline: hung x timeout / C seconds
# of the run are the deadlines' share. What is left over, against the steady run's wall time
# scaled to the hosts that answer, is time the storm cost beyond its deadlines.
share=$(awk -v n="$hung" -v t="$timeout" -v c="$concurrency" 'BEGIN {printf "%.2f", n * t / c}')
echo "Wall time beyond the hung hosts' deadlines: storm wall - ${hung} hung x ${timeout} s / ${concurrency} slots (${share} s)$([ -f "$work/fleet.steady" ] && echo " - steady wall x $answering/$hosts_count"):"
for name in "${order[@]}"; do
  w=$(cut -d' ' -f1 "$work/$name.runs")
  s0=0; [ -f "$work/$name.steady" ] && s0=$(cut -d' ' -f1 "$work/$name.steady" | median)
  awk -v n="$name" -v w="$w" -v sh="$share" -v s="$s0" -v a="$answering" -v h="$hosts_count" \
    'BEGIN {printf "  %-13s storm %6.2f s, minus deadlines %6.2f s%s\n", n, w, w - sh, (s > 0 ? sprintf(", minus steady share %.2f s: %+.2f s", s * a / h, w - sh - s * a / h) : "")}'
done
