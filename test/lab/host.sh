# Host lifecycle: slots, network namespaces, overlay roots, nspawn boot,
# readiness, teardown and the state files (hosts.json, inventory.yml).

NSPAWN_STOP_SECS=20

# ---- slots: K in 10.231.K.0/24, machine-wide, stable per name within a lab

slot_file() { printf '%s/slots/%s' "$LAB_RUN" "$1"; }

# A slot is taken while the lab host that claimed it still has state for it.
slot_taken() {
  local f; f="$(slot_file "$1")"
  [[ -f $f ]] || return 1
  local dir name; read -r dir name <"$f" || return 1
  [[ -f $dir/hosts/$name/slot && "$(cat "$dir/hosts/$name/slot")" == "$1" ]]
}

# Remove whatever a crashed earlier user of slot K left behind.
slot_scrub() {
  local k="$1" ns
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep -E "^fl-$k-" || true); do
    ip netns del "$ns" 2>/dev/null || true
  done
  ip link del "flv$k" 2>/dev/null || true
}

# Claim slots for NAMEs (call under the machine-wide lock). A name gets the
# slot it had before in this lab when it is free; new names avoid slots that
# other hosts of this lab remember.
slot_claim() {
  local -A taken=() remembered=() mine=()
  local f k n name
  for f in "$LAB_RUN"/slots/*; do
    [[ -f $f ]] && slot_taken "${f##*/}" && taken[${f##*/}]=1
  done
  if [[ -f $LAB_DIR/slots ]]; then
    while read -r n k; do remembered[$k]="$n"; mine[$n]="$k"; done <"$LAB_DIR/slots"
  fi
  for name in "$@"; do
    k="${mine[$name]:-}"
    if [[ -z $k || -n ${taken[$k]:-} ]]; then
      k=""
      for ((i = 1; i <= 250; i++)); do
        [[ -z ${taken[$i]:-} && -z ${remembered[$i]:-} ]] && { k="$i"; break; }
      done
      for ((i = 1; i <= 250 && ${#k} == 0; i++)); do [[ -z ${taken[$i]:-} ]] && k="$i"; done
    fi
    [[ -n $k ]] || die "no free lab slot (250 hosts are up on this machine)"
    taken[$k]=1; remembered[$k]="$name"; mine[$name]="$k"
    slot_scrub "$k"
    printf '%s %s\n' "$LAB_DIR" "$name" >"$(slot_file "$k")"
    mkdir -p "$(host_dir "$name")"
    printf '%s\n' "$k" >"$(host_dir "$name")/slot"
  done
  for n in "${!mine[@]}"; do printf '%s %s\n' "$n" "${mine[$n]}"; done | sort >"$LAB_DIR/slots.tmp"
  mv "$LAB_DIR/slots.tmp" "$LAB_DIR/slots"
}

with_lock() { mkdir -p "$LAB_RUN/slots"; (flock 9; "$@") 9>"$LAB_RUN/lock"; }

# ---- lab-wide state

lab_init() {
  need_root
  mkdir -p "$LAB_DIR/hosts"
  chmod 700 "$LAB_DIR"
  [[ -f $LAB_DIR/id_ed25519 ]] || ssh-keygen -q -t ed25519 -N '' -C fleet-lab -f "$LAB_DIR/id_ed25519"
  touch "$LAB_DIR/known_hosts"
  # Each booted systemd holds several inotify instances; the default 128 stops the 22nd host.
  sysctl -q -w fs.inotify.max_user_instances=8192 fs.inotify.max_user_watches=1048576
}

known_hosts_forget() {
  local addr="$1"
  (flock 8; ssh-keygen -q -R "$addr" -f "$LAB_DIR/known_hosts" >/dev/null 2>&1 || true
    rm -f "$LAB_DIR/known_hosts.old") 8>"$LAB_DIR/known_hosts.lock"
}

known_hosts_add() {
  local keys="$1"
  (flock 8; printf '%s\n' "$keys" >>"$LAB_DIR/known_hosts") 8>"$LAB_DIR/known_hosts.lock"
}

json_str() { local s="${1//\\/\\\\}"; s="${s//\"/\\\"}"; printf '"%s"' "$s"; }

write_state() {
  local names; names="$(lab_hosts)"
  local first=1 name f faults
  {
    printf '['
    for name in $names; do
      [[ -f $(host_dir "$name")/slot ]] || continue
      faults=""; for f in $(cat "$(host_dir "$name")/faults" 2>/dev/null); do faults+="${faults:+, }$(json_str "$f")"; done
      ((first)) || printf ','
      first=0
      printf '\n  {"name": %s, "address": %s, "pid": %s, "netns": %s, "faults": [%s]}' \
        "$(json_str "$name")" "$(json_str "$(host_addr "$name")")" "$(cat "$(host_dir "$name")/pid" 2>/dev/null || echo null)" \
        "$(json_str "$(host_netns "$name")")" "$faults"
    done
    printf '\n]\n'
  } >"$LAB_DIR/hosts.json.tmp"
  mv "$LAB_DIR/hosts.json.tmp" "$LAB_DIR/hosts.json"
  {
    printf '# Written by test/lab/lab.sh; rewritten on every up/down.\n'
    printf 'defaults: { user: root, port: 22, identity_file: %s }\n' "$(json_str "$LAB_DIR/id_ed25519")"
    local lines=""
    for name in $names; do [[ -f $(host_dir "$name")/slot ]] && lines+="  $name: { address: $(host_addr "$name") }"$'\n'; done
    if [[ -n $lines ]]; then printf 'hosts:\n%s' "$lines"; else printf 'hosts: {}\n'; fi
    printf 'groups:\n  lab: { hosts: [%s] }\n' "$(for name in $names; do [[ -f $(host_dir "$name")/slot ]] && printf '%s\n' "$name"; done | paste -sd, | sed 's/,/, /g')"
  } >"$LAB_DIR/inventory.yml.tmp"
  mv "$LAB_DIR/inventory.yml.tmp" "$LAB_DIR/inventory.yml"
}

# ---- one host

# Files a host needs before boot, written into its overlay upper layer.
host_seed() {
  local name="$1" root="$2" user home uid gid
  printf '%s\n' "$name" >"$root/etc/hostname"
  printf '127.0.0.1\tlocalhost\n127.0.1.1\t%s\n::1\tlocalhost ip6-localhost ip6-loopback\n' "$name" >"$root/etc/hosts"
  # No resolver: lab hosts must never query DNS servers outside the lab.
  : >"$root/etc/resolv.conf"
  for user in root deploy pwuser; do
    home="$(awk -F: -v u="$user" '$1 == u {print $6}' "$root/etc/passwd")"
    uid="$(awk -F: -v u="$user" '$1 == u {print $3}' "$root/etc/passwd")"
    gid="$(awk -F: -v u="$user" '$1 == u {print $4}' "$root/etc/passwd")"
    mkdir -p "$root$home/.ssh"
    cp "$LAB_DIR/id_ed25519.pub" "$root$home/.ssh/authorized_keys"
    chmod 700 "$root$home/.ssh"; chmod 600 "$root$home/.ssh/authorized_keys"
    chown -R "$uid:$gid" "$root$home/.ssh"
  done
}

host_net_up() {
  local k="$1" ns="$2"
  ip netns add "$ns"
  ip link add "flv$k" type veth peer name "flc$k"
  ip link set "flc$k" netns "$ns"
  ip -n "$ns" link set "flc$k" name eth0
  ip -n "$ns" addr add "$LAB_NET_PREFIX.$k.2/24" dev eth0
  ip -n "$ns" link set lo up
  ip -n "$ns" link set eth0 up
  ip addr add "$LAB_NET_PREFIX.$k.1/24" dev "flv$k"
  ip link set "flv$k" up
}

# Why a unit did not come up, for the error: its state and its last journal lines.
host_why_not_ready() {
  lab_ssh root "$1" 'for u in nginx php8.2-fpm systemd-user-sessions; do systemctl is-active --quiet $u || { systemctl show -p ActiveState,Result,ExecMainStatus $u; journalctl -b -u $u -n 5 --no-pager; }; done; ls -ld /run/php; ls -l /run/nologin /etc/nologin 2>&1'
}

# Seen under load with many hosts booting at once (cgroup v1 on the controller): systemd in the
# container logs "Failed to kill control group ...: Input/output error" or "Failed to attach to
# cgroup ...: No such file or directory" and a unit fails at boot for no reason of the host's own.
# That is the controller's cgroup trouble, not the host's config: redo once what the unit should
# have done, and say so (host_boot prints the notes). Any other failure stays one.
host_ready_or_repair() {
  local name="$1" mode="$2"
  host_ready "$name" "$mode" && return 0
  [[ $mode == systemd ]] || return 1
  # wait_for silences this function: the notes go to a file.
  host_repair_once "$name" fpm-run-php \
    'systemctl is-failed --quiet php8.2-fpm && [ ! -d /run/php ]' \
    'php8.2-fpm failed at boot with /run/php missing (systemd-tmpfiles-setup: %s): ran systemd-tmpfiles --create and started FPM again' \
    'systemctl show -p ActiveState,Result systemd-tmpfiles-setup' \
    'systemd-tmpfiles --create >/dev/null 2>&1; systemctl restart php8.2-fpm'
  # systemd-user-sessions removes the /run/nologin systemd-tmpfiles makes at boot. When it fails,
  # pam_nologin refuses every login but root's: sshd ends deploy's and pwuser's connections before
  # login completes, without a message ("Access denied for user ... by PAM account configuration").
  # A restart can fail the same way (219/CGROUP again): then run what the unit runs, without it.
  host_repair_once "$name" user-sessions \
    'systemctl is-failed --quiet systemd-user-sessions && [ -e /run/nologin ]' \
    'systemd-user-sessions failed at boot (%s), so /run/nologin refused every login but root: ran it again' \
    'systemctl show -p Result,ExecMainStatus systemd-user-sessions' \
    'systemctl restart systemd-user-sessions || /lib/systemd/systemd-user-sessions start'
  return 1
}

# host_repair_once NAME KEY CONDITION NOTE(printf, %s = STATE) STATE_CMD FIX_CMD: when CONDITION
# holds on the host (as root), run FIX_CMD once per boot and append NOTE to boot-repaired.
host_repair_once() {
  local name="$1" key="$2" condition="$3" note="$4" state_cmd="$5" fix_cmd="$6"
  local hd; hd="$(host_dir "$name")"
  [[ ! -e $hd/repaired-$key ]] || return 0
  lab_ssh root "$name" "$condition" >/dev/null 2>&1 || return 0
  : >"$hd/repaired-$key"
  # shellcheck disable=SC2059 # the note is ours, the format
  printf "host '%s': $note\n" "$name" "$(lab_ssh root "$name" "$state_cmd" 2>&1 | paste -sd' ')" >>"$hd/boot-repaired"
  lab_ssh root "$name" "$fix_cmd" >/dev/null 2>&1 || true
}

# Root's login proves little: pam_nologin lets root in while /run/nologin ("System is booting
# up") or /etc/nologin exists, and refuses deploy and pwuser. Ready means every lab user may log in.
USERS_MAY_LOG_IN='{ ! ls /run/nologin /etc/nologin 2>/dev/null | grep . ; }'

host_ready() {
  local name="$1" mode="$2"
  if [[ $mode == systemd ]]; then
    # One unit per call: `systemctl is-active A B` succeeds when ANY of them is active, which
    # let a host whose FPM failed at boot pass as ready.
    lab_ssh root "$name" "systemctl is-active nginx && systemctl is-active php8.2-fpm && $USERS_MAY_LOG_IN"
  else
    lab_ssh root "$name" "service nginx status && service php8.2-fpm status && $USERS_MAY_LOG_IN"
  fi
}

# Boot one host and wait until sshd answers and nginx + FPM are active.
host_boot() {
  local name="$1" image="$2"; shift 2
  local faults=("$@")
  local hd; hd="$(host_dir "$name")"
  local k; k="$(host_slot "$name")"
  local ns; ns="$(host_netns "$name")"
  local addr; addr="$(host_addr "$name")"
  local t0=$SECONDS
  mkdir -p "$hd/upper" "$hd/work" "$hd/root"
  printf '%s\n' "${faults[*]}" >"$hd/faults"
  mount -t overlay overlay -o "lowerdir=$image,upperdir=$hd/upper,workdir=$hd/work" "$hd/root"
  host_seed "$name" "$hd/root"
  host_net_up "$k" "$ns"
  known_hosts_forget "$addr"

  # Faults that change how a host boots (capabilities, no systemd) say so here.
  BOOT_MODE=systemd
  NSPAWN_ARGS=(--boot)
  NSPAWN_CMD=()
  local f; for f in "${faults[@]}"; do fault_boot_hook "$f"; done
  printf '%s\n' "$BOOT_MODE" >"$hd/mode"

  setsid systemd-nspawn -q -D "$hd/root" "${NSPAWN_ARGS[@]}" --register=no --keep-unit \
    --resolv-conf=off --timezone=off --console=read-only \
    --network-namespace-path="/run/netns/$ns" --machine="$name" "${NSPAWN_CMD[@]}" \
    </dev/null >"$hd/console.log" 2>&1 &
  printf '%s\n' "$!" >"$hd/pid"
  printf 'nspawn %s\n' "$((SECONDS - t0))" >"$hd/timing"

  local keys="" end=$((SECONDS + 90))
  until keys="$(ssh-keyscan -T 2 "$addr" 2>/dev/null)" && [[ -n $keys ]]; do
    host_running "$name" || { tail -n 20 "$hd/console.log" >&2; die "host '$name': systemd-nspawn exited during boot (console above)"; }
    ((SECONDS < end)) || die "host '$name' ($addr): sshd did not answer within 90 s (see $hd/console.log)"
    sleep 0.5
  done
  printf 'sshd %s\n' "$((SECONDS - t0))" >>"$hd/timing"
  known_hosts_add "$keys"
  wait_for 60 host_ready_or_repair "$name" "$BOOT_MODE" ||
    die "host '$name' ($addr): not ready after 60 s (nginx and php8.2-fpm active, no nologin file): $(host_ready "$name" "$BOOT_MODE" 2>&1 | paste -sd' ') -- $(host_why_not_ready "$name" 2>&1 | paste -sd' ')"
  [[ -s "$hd/boot-repaired" ]] && log "$(cat "$hd/boot-repaired")"
  printf 'ready %s\n' "$((SECONDS - t0))" >>"$hd/timing"
}

nspawn_pid_ok() {
  local pid="$1"
  [[ -n $pid && -r /proc/$pid/comm && "$(cat "/proc/$pid/comm")" == systemd-nspawn ]]
}

host_stop() {
  local name="$1" hd; hd="$(host_dir "$name")"
  local pid; pid="$(cat "$hd/pid" 2>/dev/null || true)"
  # The pid file is ours; still check it is an nspawn before signalling (pid reuse after a crash).
  if nspawn_pid_ok "$pid" && grep -qzF "$hd/root" "/proc/$pid/cmdline"; then
    kill -TERM "$pid" 2>/dev/null || true
    local end=$((SECONDS + NSPAWN_STOP_SECS))
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < end)); do sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
      log "host '$name': nspawn $pid ignored SIGTERM for ${NSPAWN_STOP_SECS}s, sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      end=$((SECONDS + 10))
      while kill -0 "$pid" 2>/dev/null && ((SECONDS < end)); do sleep 0.2; done
    fi
  fi
}

# After a crash (nspawn killed) the container lives on without it; its
# processes are the ones in its network namespace, so that is how we find them.
host_reap() {
  local name="$1" ns pids
  [[ -f $(host_dir "$name")/slot ]] || return 0
  ns="$(host_netns "$name")"
  [[ -e /run/netns/$ns ]] || return 0
  pids="$(ip netns pids "$ns" 2>/dev/null || true)"
  [[ -n $pids ]] || return 0
  log "host '$name': killing $(wc -w <<<"$pids") leftover process(es) in netns $ns"
  # shellcheck disable=SC2086
  kill -KILL $pids 2>/dev/null || true
  local end=$((SECONDS + 10))
  while [[ -n "$(ip netns pids "$ns" 2>/dev/null)" ]] && ((SECONDS < end)); do sleep 0.2; done
}

host_down() {
  local name="$1" hd; hd="$(host_dir "$name")"
  [[ -d $hd ]] || return 0
  host_stop "$name"
  host_reap "$name"
  fault_cleanup "$name"
  if mountpoint -q "$hd/root"; then
    umount "$hd/root" 2>/dev/null || umount -l "$hd/root"
  fi
  if [[ -f $hd/slot ]]; then
    local k; k="$(cat "$hd/slot")"
    ip netns del "$(host_netns "$name")" 2>/dev/null || true
    ip link del "flv$k" 2>/dev/null || true
    known_hosts_forget "$(host_addr "$name")"
    local sf; sf="$(slot_file "$k")"
    [[ -f $sf && "$(cat "$sf")" == "$LAB_DIR $name" ]] && rm -f "$sf"
  fi
  # Never recurse into a still-mounted root.
  mountpoint -q "$hd/root" && die "host '$name': $hd/root is still mounted"
  rm -rf --one-file-system "$hd"
}

# ---- commands

parse_spec() {
  local file="$1"
  [[ -r $file ]] || die "spec file '$file' not readable"
  local n=0 line
  while IFS= read -r line || [[ -n $line ]]; do
    n=$((n + 1))
    line="${line%%#*}"
    [[ -z ${line//[[:space:]]/} ]] && continue
    local -a words; read -r -a words <<<"$line"
    valid_name "${words[0]}" || die "$file:$n: bad host name '${words[0]}'"
    local f; for f in "${words[@]:1}"; do fault_known "$f" || die "$file:$n: unknown fault '$f' (lab.sh faults lists them)"; done
    printf '%s\n' "$line"
  done <"$file"
}

cmd_up() {
  [[ $# -eq 1 ]] || die "usage: lab.sh up SPEC_FILE (lines: NAME [FAULT...])"
  lab_init
  local spec; spec="$(parse_spec "$1")"
  local image; image="$(cmd_image)"
  local start=$SECONDS line name
  local -a names=() pids=()
  local -A seen=() boot_faults=()
  # The spec is read on fd 3 and jobs get /dev/null: ssh would swallow stdin.
  while read -r -u 3 line; do
    [[ -z $line ]] && continue
    local -a words; read -r -a words <<<"$line"
    name="${words[0]}"
    [[ -z ${seen[$name]:-} ]] || die "$1: host '$name' listed twice"
    seen[$name]=1
    if host_running "$name"; then log "host '$name' is already up; skipping (down it first to change faults)"; continue; fi
    host_down "$name"   # stale state from a crash
    names+=("$name")
    boot_faults[$name]="${words[*]:1}"
  done 3<<<"$spec"
  ((${#names[@]})) && with_lock slot_claim "${names[@]}"
  for name in "${names[@]}"; do
    # shellcheck disable=SC2086 # fault names are single words
    (host_boot "$name" "$image" ${boot_faults[$name]}) </dev/null &
    pids+=($!)
  done
  local failed=0 i
  for i in "${!pids[@]}"; do wait "${pids[$i]}" || failed=1; done
  write_state
  ((failed == 0)) || die "some hosts failed to boot; 'lab.sh status' shows them, 'lab.sh down' cleans up"
  log "${#names[@]} host(s) booted in $((SECONDS - start)) s"

  # Faults are applied once every host is up; per host in order, hosts in parallel.
  pids=()
  while read -r -u 3 line; do
    [[ -z $line ]] && continue
    local -a words; read -r -a words <<<"$line"
    ((${#words[@]} > 1)) || continue
    [[ " ${names[*]} " == *" ${words[0]} "* ]] || continue
    (for f in "${words[@]:1}"; do fault_apply "${words[0]}" "$f"; done) </dev/null &
    pids+=($!)
  done 3<<<"$spec"
  for i in "${!pids[@]}"; do wait "${pids[$i]}" || failed=1; done
  ((failed == 0)) || die "some faults failed to apply (see above)"
  log "lab ready in $((SECONDS - start)) s: $LAB_DIR/inventory.yml"
}

cmd_down() {
  need_root
  local -a names=("$@")
  ((${#names[@]})) || mapfile -t names < <(lab_hosts)
  local -a pids=()
  local name
  for name in "${names[@]}"; do (host_down "$name") & pids+=($!); done
  local failed=0 pid
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
  [[ -d $LAB_DIR/hosts ]] && write_state
  ((failed == 0)) || die "some hosts did not come down cleanly"
}

cmd_status() {
  local name
  printf '%-16s %-14s %-8s %-8s %s\n' NAME ADDRESS PID STATE FAULTS
  for name in $(lab_hosts); do
    local state=down
    host_running "$name" && state=up
    printf '%-16s %-14s %-8s %-8s %s\n' "$name" "$(host_addr "$name" 2>/dev/null || echo -)" \
      "$(cat "$(host_dir "$name")/pid" 2>/dev/null || echo -)" "$state" "$(cat "$(host_dir "$name")/faults" 2>/dev/null)"
  done
}

cmd_exec() {
  [[ $# -ge 2 ]] || die "usage: lab.sh exec NAME CMD..."
  local name="$1"; shift
  [[ -d $(host_dir "$name") ]] || die "no lab host '$name' in $LAB_DIR"
  in_host "$name" "$@"
}

cmd_fault() {
  [[ $# -eq 2 ]] || die "usage: lab.sh fault NAME FAULT"
  fault_known "$2" || die "unknown fault '$2' (lab.sh faults lists them)"
  host_running "$1" || die "host '$1' is not running in $LAB_DIR"
  fault_apply "$1" "$2"
  printf '%s\n' "$(cat "$(host_dir "$1")/faults") $2" | sed 's/^ //' >"$(host_dir "$1")/faults.tmp"
  mv "$(host_dir "$1")/faults.tmp" "$(host_dir "$1")/faults"
  write_state
}
