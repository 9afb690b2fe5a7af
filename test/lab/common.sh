# Shared helpers for the lab scripts (sourced by lab.sh; not run directly).

LAB_SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$LAB_SRC/../.." && pwd)"
LAB_CACHE="${FLEET_LAB_CACHE:-/var/cache/fleet-lab}"
LAB_DIR="${FLEET_LAB_DIR:-$REPO_ROOT/.lab}"
# Slots (the K in 10.231.K.0/24) are machine-wide, not per lab dir: several
# labs (a test run and the demo, or two engineers' test runs) may be up at once.
LAB_RUN="${FLEET_LAB_RUN:-/run/fleet-lab}"
LAB_NET_PREFIX=10.231

log() { printf 'lab: %s\n' "$*" >&2; }
die() { printf 'lab: error: %s\n' "$*" >&2; exit 1; }

need_root() { [[ $EUID -eq 0 ]] || die "must run as root (network namespaces, mounts, nspawn)"; }

host_dir() { printf '%s/hosts/%s' "$LAB_DIR" "$1"; }

# Host names become file names, hostnames and netns names: keep them tame.
valid_name() { [[ $1 =~ ^[a-z][a-z0-9-]{0,30}$ ]] || die "invalid host name '$1' (want [a-z][a-z0-9-]*, max 31 chars)"; }

host_slot() { cat "$(host_dir "$1")/slot"; }
host_addr() { printf '%s.%s.2' "$LAB_NET_PREFIX" "$(host_slot "$1")"; }
host_netns() { printf 'fl-%s-%s' "$(host_slot "$1")" "$1"; }
# The container's PID 1 (a child of systemd-nspawn), used by nsenter.
host_pid1() {
  local nspawn; nspawn="$(cat "$(host_dir "$1")/pid" 2>/dev/null)" || return 1
  pgrep -P "$nspawn" | head -n1
}
host_running() {
  local pid; pid="$(cat "$(host_dir "$1")/pid" 2>/dev/null)" || return 1
  kill -0 "$pid" 2>/dev/null
}
lab_hosts() { [[ -d $LAB_DIR/hosts ]] && ls -1 "$LAB_DIR/hosts" || true; }

# Run a command inside a running host, through its namespaces (works even
# when sshd is down), with a clean environment.
in_host() {
  local name="$1"; shift
  local pid; pid="$(host_pid1 "$name")" || die "host '$name' is not running"
  [[ -n $pid ]] || die "host '$name' is not running (no container pid 1)"
  # nsenter keeps the controller's full capabilities; drop to the container's
  # bounding set so commands see what they would see over ssh (e.g. dmesg denied).
  nsenter -t "$pid" -m -u -i -n -p -- /usr/bin/setpriv --bounding-set "$(cap_bounding "$pid")" --inh-caps=-all \
    /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"
}

# A process's capability bounding set as a setpriv list (-all,+chown,...);
# `setpriv --list-caps` prints the names in bit order.
cap_bounding() {
  local mask=$((16#$(awk '/^CapBnd:/ {print $2}' "/proc/$1/status"))) i=0 out="-all" c
  while read -r c; do
    (((mask >> i) & 1)) && out+=",+$c"
    i=$((i + 1))
  done < <(setpriv --list-caps)
  printf '%s' "$out"
}

lab_ssh() {
  local user="$1" name="$2"; shift 2
  ssh -q -i "$LAB_DIR/id_ed25519" -o IdentitiesOnly=yes -o BatchMode=yes \
    -o UserKnownHostsFile="$LAB_DIR/known_hosts" -o StrictHostKeyChecking=yes \
    -o ConnectTimeout=5 "$user@$(host_addr "$name")" "$@"
}

# Bounded HTTP request from the controller to a lab host; prints the status code.
lab_curl() {
  local name="$1" path="$2"; shift 2
  curl -s -o /dev/null -w '%{http_code}\n' --max-time "${LAB_CURL_MAX:-15}" --noproxy '*' "$@" \
    "http://$(host_addr "$name")$path" || true
}

# Poll until a command succeeds or the deadline (seconds) passes.
wait_for() {
  local secs="$1"; shift
  local end=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < end)) || return 1
    sleep 0.3
  done
}
