#!/usr/bin/env bash
# The main job on an embedded default: boot a 4-host demo fleet (one clean host and
# three classic faults) and run `fleet check` on it. Where this machine cannot boot
# the lab (not root, no systemd-nspawn), check the local host instead.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh demo >&2
npm run build >&2

demo_dir="${FLEET_LAB_DIR:-$PWD/.lab}/demo"
if [ "$(id -u)" -eq 0 ] && command -v systemd-nspawn >/dev/null && command -v debootstrap >/dev/null; then
  echo "demo: booting the demo fleet (first run builds the host image, about a minute)..." >&2
  bash test/lab/lab.sh demo >&2
  echo "demo: stop it with: bash test/lab/lab.sh demo-down" >&2
  set +e
  ./bin/run.js check -i "$demo_dir/inventory.yml" --all --known-hosts "$demo_dir/known_hosts" --identity "$demo_dir/id_ed25519" "$@"
  status=$?
  set -e
  echo "demo: fleet check exited $status (0 ok, 1 warnings, 2 critical, 3 unreachable)" >&2
  exit 0
fi
echo "demo: cannot boot the lab here (needs root and systemd-nspawn); checking this machine instead" >&2
./bin/run.js check --local "$@" || true
