#!/usr/bin/env bash
# Benchmark: `fleet check` side by side with parallel-ssh, Ansible and a bare ssh2
# connect-and-exec, all doing the same collection (the probe script) on the same lab
# hosts. Prints wall time, CPU time (user+sys) and peak memory (max RSS) of each,
# the median of RUNS runs, and the ratios to fleet.
# Usage (root): bash bench/run.sh [HOSTS=16] [RUNS=3]
set -euo pipefail
cd "$(dirname "$0")/.."
hosts_count="${1:-16}"
runs="${2:-3}"
[ "$(id -u)" -eq 0 ] || { echo "bench: needs root to boot the lab" >&2; exit 1; }
for tool in parallel-ssh ansible /usr/bin/time; do
  command -v "$tool" >/dev/null || { apt-get install -y -q pssh ansible-core time >/dev/null; break; }
done
[ -f dist/commands/check.js ] || npm run build >/dev/null

export FLEET_LAB_DIR="${FLEET_BENCH_LAB_DIR:-$PWD/.lab/bench}"
work="$(mktemp -d)"
cleanup() { bash test/lab/lab.sh down >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

for i in $(seq -w 1 "$hosts_count"); do echo "bench$i"; done > "$work/spec"
echo "bench: booting $hosts_count lab hosts..." >&2
bash test/lab/lab.sh up "$work/spec" >&2

key="$FLEET_LAB_DIR/id_ed25519"
known="$FLEET_LAB_DIR/known_hosts"
node -e 'const h=require(process.argv[1]);console.log(JSON.stringify(h.map(x=>({address:x.address}))))' "$FLEET_LAB_DIR/hosts.json" > "$work/hosts.json"
node -e 'for (const h of require(process.argv[1])) console.log(`root@${h.address}`)' "$FLEET_LAB_DIR/hosts.json" > "$work/pssh-hosts"
{
  echo "all:"
  echo "  vars: { ansible_user: root, ansible_ssh_private_key_file: $key, ansible_ssh_common_args: '-o UserKnownHostsFile=$known -o StrictHostKeyChecking=yes' }"
  echo "  hosts:"
  node -e 'for (const h of require(process.argv[1])) console.log(`    ${h.name}: { ansible_host: ${h.address} }`)' "$FLEET_LAB_DIR/hosts.json"
} > "$work/ansible.yml"

# The whole probe as fleet sends it (src/probe/script.ts): the evidence section's
# definitions, then probe.sh; one file so Ansible's `script` module can run it too.
probe="$work/probe.sh"
{ echo '#!/bin/sh'; cat src/probe/evidence.sh src/probe/probe.sh; } > "$probe"
# What fleet sends on stdin: the parameters in front of the script (src/probe/script.ts).
printf 'FLEET_NONCE=benchnonce\nFLEET_WINDOW=3600\nFLEET_MAXLOG=262144\n' | cat - "$probe" > "$work/probe-stdin.sh"
declare -A commands=(
  [fleet]="node bin/run.js check -i $FLEET_LAB_DIR/inventory.yml --all --known-hosts $known --identity $key --json"
  [bare-ssh2]="node bench/bare-ssh2.mjs $work/hosts.json $key $probe"
  [parallel-ssh]="parallel-ssh -h $work/pssh-hosts -p $hosts_count -t 60 -x '-i $key -o UserKnownHostsFile=$known -o StrictHostKeyChecking=yes -o BatchMode=yes' -I -o $work/pssh-out 'sh -s' < $work/probe-stdin.sh"
  [ansible]="ANSIBLE_HOST_KEY_CHECKING=True ansible all -i $work/ansible.yml -f $hosts_count -m script -a '$probe benchnonce 3600 262144'"
)
order=(fleet bare-ssh2 parallel-ssh ansible)

measure() { # NAME -> "wall cpu maxrss_kb" of one run
  /usr/bin/time -f '%e %U %S %M' -o "$work/time" bash -c "${commands[$1]}" >/dev/null 2>"$work/$1.err" || {
    echo "bench: $1 failed (exit $?); stderr:" >&2; tail -5 "$work/$1.err" >&2; }
  awk '{printf "%s %.2f %s\n", $1, $2 + $3, $4}' "$work/time"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# One warm-up round so no tool pays for cold caches the others do not.
for name in "${order[@]}"; do measure "$name" >/dev/null; done
declare -A wall cpu mem
for name in "${order[@]}"; do
  : > "$work/$name.runs"
  for _ in $(seq "$runs"); do measure "$name" >> "$work/$name.runs"; done
  wall[$name]=$(cut -d' ' -f1 "$work/$name.runs" | median)
  cpu[$name]=$(cut -d' ' -f2 "$work/$name.runs" | median)
  mem[$name]=$(cut -d' ' -f3 "$work/$name.runs" | median)
done

printf '\n%s hosts, median of %s runs, %s\n\n' "$hosts_count" "$runs" "$(date -u +%Y-%m-%dT%H:%MZ)"
printf '| %-13s | %9s | %9s | %12s | %14s |\n' tool 'wall (s)' 'cpu (s)' 'peak RSS (MB)' 'wall vs fleet'
printf '|---------------|-----------|-----------|--------------|----------------|\n'
for name in "${order[@]}"; do
  ratio=$(awk -v a="${wall[$name]}" -v b="${wall[fleet]}" 'BEGIN {printf "%.2fx", a / b}')
  printf '| %-13s | %9s | %9s | %12s | %14s |\n' "$name" "${wall[$name]}" "${cpu[$name]}" "$(awk -v k="${mem[$name]}" 'BEGIN {printf "%.0f", k / 1024}')" "$ratio"
done
awk -v f="${wall[fleet]}" -v b="${wall[bare-ssh2]}" -v p="${wall[parallel-ssh]}" 'BEGIN {
  printf "\nfleet / bare ssh2: %.2fx (target <= 1.25x); fleet / parallel-ssh: %.2fx (target <= 1.00x)\n", f / b, f / p }'
