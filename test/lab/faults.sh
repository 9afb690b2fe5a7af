# Faults, made the way they happen in production: stop a unit, edit a file,
# send real traffic. Each leaves the real state and log lines behind, and
# checks that it did (a fault that silently did nothing would make tests lie).
#
# Table: NAME | BOOT HOOK (- for none) | APPLY FUNCTION | what it does
FAULT_TABLE='
fpm-stopped            | -               | f_fpm_stopped            | systemctl stop php8.2-fpm
nginx-stopped          | -               | f_nginx_stopped          | systemctl stop nginx
site-typo              | -               | f_site_typo              | missing ";" in the site file, not reloaded (nginx -t fails)
socket-elsewhere       | -               | f_socket_elsewhere       | site passes to unix:/run/php/php-nobody.sock, reloaded, 502s sent
sshd-down              | -               | f_sshd_down              | stop ssh.service (after keyscan)
key-changed            | -               | f_key_changed            | new host keys after keyscan (known_hosts is stale)
fpm-max-children       | -               | f_fpm_max_children       | max_children 2 + concurrent slow requests
fpm-request-terminated | -               | f_fpm_request_terminated | request_terminate_timeout 2s + a 5 s request
fpm-child-killed       | -               | f_fpm_child_killed       | kill -9 a busy FPM worker
fpm-slow               | -               | f_fpm_slow               | request_slowlog_timeout 1s + a 3 s request
timeout-order          | -               | f_timeout_order          | fastcgi_read_timeout 2s + a 4 s request (504)
header-buffers         | -               | f_header_buffers         | large_client_header_buffers 2 1k + 3 KB cookies (400)
socket-permission      | -               | f_socket_permission      | pool socket root:root 0600 + a request (13: Permission denied)
refused                | -               | f_refused                | site passes to 127.0.0.1:9999, nothing listens (111)
root-in-php-location   | -               | f_root_in_php_location   | root only inside the PHP location
no-try-files           | -               | f_no_try_files           | PHP location without a try_files guard
fpm-config-invalid     | -               | f_fpm_config_invalid     | typo in www.conf, FPM not restarted (php-fpm8.2 -t fails)
memory-overcommit      | -               | f_memory_overcommit      | pm.max_children = 5000, FPM restarted
oom-kill               | b_cap_syslog    | f_oom_kill               | cgroup v1 memory limit on FPM workers + mem.php (kernel OOM kill)
no-systemd             | b_no_systemd    | f_noop                   | booted as a plain process tree (SysV scripts, pid files)
fake-fpm-master        | -               | f_fake_fpm_master        | FPM stopped; user nobody runs "php-fpm8.2" titled master process (PATH), PATH a sed e payload
fake-fpm-master-read   | -               | f_fake_fpm_master_read   | FPM stopped; user nobody runs "php-fpm8.2" titled master process (/root/fleet-secret.conf, root 0600)
log-fifo               | -               | f_log_fifo               | the FPM error log replaced by a FIFO while FPM runs (nothing writes to it)
sh-is-bash             | -               | f_sh_is_bash             | /bin/sh is bash, as on RHEL-family hosts
fpm-rotated            | -               | f_fpm_rotated            | max_children warnings, then logrotate -f (they sit in php8.2-fpm.log.1)
rotated-clean          | -               | f_rotated_clean          | logrotate -f of the FPM and nginx logs, no warnings
access-json            | -               | f_access_json            | site access_log in an escape=json log_format + 3 KB cookies (400)
access-json-clean      | -               | f_access_json_clean      | site access_log in an escape=json log_format, only 200s
fpm-syslog             | -               | f_fpm_syslog             | FPM error_log = syslog + max_children warnings (only in the journal)
fpm-syslog-clean       | -               | f_fpm_syslog_clean       | FPM error_log = syslog, no warnings
tz-berlin              | -               | f_tz_berlin              | zone Europe/Berlin (nginx/FPM restarted) + max_children warnings
tz-berlin-clean        | -               | f_tz_berlin_clean        | zone Europe/Berlin (nginx/FPM restarted), no warnings
fpm-debug              | -               | f_fpm_debug              | FPM log_level = debug + kill -11 a busy worker
script-not-found       | -               | f_script_not_found       | SCRIPT_FILENAME under a removed release dir + requests (404 Primary script unknown)
memory-limit           | -               | f_memory_limit           | php_admin_value[memory_limit] 4M + mem.php (Allowed memory size exhausted, 500)
sessions-full          | -               | f_sessions_full          | 1 MiB tmpfs on /var/lib/php/sessions, filled, + a request that writes a session
laravel-app            | -               | f_laravel_app            | Laravel-layout site in /srv/app, a request that throws (laravel.log ERROR)
laravel-clean          | -               | f_laravel_clean          | Laravel-layout site in /srv/app, only INFO lines in laravel.log
worker-connections     | -               | f_worker_connections     | worker_connections 16 (nginx restarted) + 60 concurrent slow requests
user-sessions-failed   | b_user_sessions | f_user_sessions_failed   | systemd-user-sessions fails at boot and on restart, as under cgroup trouble on the controller (/run/nologin stays)
'

fault_field() { # NAME COLUMN
  awk -F'|' -v n="$1" -v c="$2" '{gsub(/^ +| +$/, "", $1)} $1 == n {gsub(/^ +| +$/, "", $c); print $c}' <<<"$FAULT_TABLE"
}
fault_known() { [[ -n $1 && -n "$(fault_field "$1" 3)" ]]; }
list_faults() { sed -e '/^$/d' -e 's/ *| */\t/g' <<<"$FAULT_TABLE" | cut -f1,4 | column -t -s $'\t'; }

fault_boot_hook() {
  local hook; hook="$(fault_field "$1" 2)"
  [[ $hook == - ]] || "$hook"
}

fault_apply() {
  local name="$1" fault="$2"
  log "host '$name': fault $fault"
  "$(fault_field "$fault" 3)" "$name" || die "host '$name': fault '$fault' did not take effect"
}

# Undo what lives outside the container (called by host_down after it stopped).
fault_cleanup() {
  local cg; cg="$(oom_cgroup "$1" 2>/dev/null)" || return 0
  [[ -d $cg ]] && { rmdir "$cg" 2>/dev/null || log "host '$1': could not remove $cg"; }
  return 0
}

# ---- helpers

host_root() { printf '%s/root' "$(host_dir "$1")"; }
site_file() { printf '%s/etc/nginx/sites-available/app' "$(host_root "$1")"; }
pool_file() { printf '%s/etc/php/8.2/fpm/pool.d/www.conf' "$(host_root "$1")"; }
FPM_LOG=/var/log/php8.2-fpm.log
NGINX_ERR=/var/log/nginx/error.log
NGINX_ACCESS=/var/log/nginx/access.log

# systemctl where systemd is PID 1, the SysV script elsewhere.
svc() { # NAME ACTION UNIT  (chatter goes to stderr: stdout is for results)
  if [[ "$(cat "$(host_dir "$1")/mode")" == systemd ]]; then in_host "$1" systemctl "$2" "$3" >&2
  else in_host "$1" service "$3" "$2" >&2; fi
}

nginx_workers() { in_host "$1" pgrep -f '^nginx: worker' | sort || true; }

# A reload is asynchronous: wait until the old workers are gone, so the
# traffic that follows is served by the new configuration.
nginx_reload() {
  local name="$1" old; old="$(nginx_workers "$name")"
  svc "$name" reload nginx
  local end=$((SECONDS + 10)) p alive
  while ((SECONDS < end)); do
    alive=0; for p in $old; do in_host "$name" kill -0 "$p" 2>/dev/null && alive=1; done
    ((alive)) || return 0
    sleep 0.2
  done
  log "host '$name': old nginx workers still running 10 s after reload"
}

# Wait (bounded) until a log file in the host matches an extended regex.
log_has() { grep -qE "$3" "$(host_root "$1")$2" 2>/dev/null; }
wait_log() { wait_for "$4" log_has "$1" "$2" "$3" || { log "host '$1': no /$3/ in $2"; return 1; }; }

expect_status() { # NAME PATH WANT [curl args...]
  local name="$1" path="$2" want="$3"; shift 3
  local got; got="$(lab_curl "$name" "$path" "$@")"
  [[ $got == "$want" ]] || { log "host '$name': GET $path answered $got, expected $want"; return 1; }
}

# ---- boot hooks

b_cap_syslog() { NSPAWN_ARGS+=(--capability=CAP_SYSLOG); }
b_no_systemd() { BOOT_MODE=plain; NSPAWN_ARGS=(); NSPAWN_CMD=(/usr/local/sbin/lab-init); }
# systemd-user-sessions.service fails at every start (what "Failed to attach to cgroup ...", 219/CGROUP,
# does to it under load, restarts included), so the /run/nologin systemd-tmpfiles made at boot stays:
# pam_nologin refuses every user but root.
b_user_sessions() {
  local dropin="$hd/root/etc/systemd/system/systemd-user-sessions.service.d"
  mkdir -p "$dropin"
  printf '%s\n' '[Service]' "ExecStartPre=/bin/sh -c ': >/run/lab-user-sessions-failed; exit 1'" >"$dropin/lab-fail.conf"
}

# ---- faults

f_noop() { :; }
# The boot hook's failure happened (the lab's readiness has made user sessions work again since).
f_user_sessions_failed() { in_host "$1" test -e /run/lab-user-sessions-failed; }
f_fpm_stopped() { svc "$1" stop php8.2-fpm; }
f_nginx_stopped() { svc "$1" stop nginx; }
f_sshd_down() { svc "$1" stop ssh; }

f_key_changed() {
  in_host "$1" sh -c 'rm -f /etc/ssh/ssh_host_* && ssh-keygen -q -A >/dev/null'
  svc "$1" restart ssh
}

f_site_typo() {
  sed -i -E 's/^(\s*index index\.php);/\1/' "$(site_file "$1")"
  ! in_host "$1" nginx -t 2>/dev/null
}

f_socket_elsewhere() {
  sed -i 's|unix:/run/php/php8.2-fpm.sock|unix:/run/php/php-nobody.sock|' "$(site_file "$1")"
  nginx_reload "$1"
  local i; for i in 1 2 3; do expect_status "$1" / 502 || return 1; done
  wait_log "$1" $NGINX_ERR 'connect\(\) to unix:/run/php/php-nobody.sock failed \(2: No such file or directory\)' 5
}

f_fpm_max_children() {
  max_children_traffic "$1"
  wait_log "$1" $FPM_LOG 'server reached pm.max_children setting' 10
}

f_fpm_request_terminated() {
  # FPM refuses a slowlog timeout above the terminate timeout, as it would in production.
  pool_set "$(pool_file "$1")" request_slowlog_timeout 1s
  pool_set "$(pool_file "$1")" request_terminate_timeout 2s
  svc "$1" restart php8.2-fpm
  LAB_CURL_MAX=10 lab_curl "$1" '/sleep.php?s=5' >/dev/null
  wait_log "$1" $FPM_LOG 'execution timed out' 5
}

# Host pids of the pool's workers (their parent is the FPM master).
fpm_worker_pids() {
  pgrep --ns "$(host_pid1 "$1")" --nslist pid -f '^php-fpm: pool ' || true
}

f_fpm_child_killed() {
  kill_busy_worker "$1" KILL &&
  wait_log "$1" $FPM_LOG 'exited on signal 9 \(SIGKILL\)' 5
}

f_fpm_slow() {
  pool_set "$(pool_file "$1")" request_slowlog_timeout 1s
  svc "$1" restart php8.2-fpm
  LAB_CURL_MAX=10 lab_curl "$1" '/sleep.php?s=3' >/dev/null
  wait_log "$1" $FPM_LOG 'executing too slow' 5
}

f_timeout_order() {
  sed -i -E 's|^(\s*)(fastcgi_pass .*;)|\1\2\n\1fastcgi_read_timeout 2s;|' "$(site_file "$1")"
  nginx_reload "$1"
  LAB_CURL_MAX=10 expect_status "$1" '/sleep.php?s=4' 504 &&
    wait_log "$1" $NGINX_ERR 'upstream timed out \(110: Connection timed out\) while reading response header from upstream' 5
}

f_header_buffers() {
  sed -i -E 's|^(\s*)(server_name .*;)|\1\2\n\1large_client_header_buffers 2 1k;|' "$(site_file "$1")"
  nginx_reload "$1"
  local cookie; cookie="big=$(head -c 3072 /dev/zero | tr '\0' x)"
  local i; for i in 1 2 3; do expect_status "$1" / 400 -H "Cookie: $cookie" || return 1; done
  wait_log "$1" $NGINX_ACCESS '" 400 ' 5
}

f_socket_permission() {
  local pool; pool="$(pool_file "$1")"
  pool_set "$pool" listen.owner root
  pool_set "$pool" listen.group root
  pool_set "$pool" listen.mode 0600
  svc "$1" restart php8.2-fpm
  expect_status "$1" / 502 &&
    wait_log "$1" $NGINX_ERR 'connect\(\) to unix:/run/php/php8.2-fpm.sock failed \(13: Permission denied\)' 5
}

f_refused() {
  sed -i 's|fastcgi_pass unix:/run/php/php8.2-fpm.sock;|fastcgi_pass 127.0.0.1:9999;|' "$(site_file "$1")"
  nginx_reload "$1"
  expect_status "$1" / 502 &&
    wait_log "$1" $NGINX_ERR '\(111: Connection refused\) while connecting to upstream' 5
}

f_root_in_php_location() {
  local site; site="$(site_file "$1")"
  sed -i -E '/^\s*root \/var\/www\/app\/public;/d' "$site"
  sed -i -E 's|^(\s*)(location ~ \\\.php\$ \{)|\1\2\n\1\troot /var/www/app/public;|' "$site"
  grep -q 'root /var/www/app/public;' "$site" && in_host "$1" nginx -t 2>/dev/null && nginx_reload "$1"
}

f_no_try_files() {
  # fastcgi.conf sets SCRIPT_FILENAME but, unlike snippets/fastcgi-php.conf, has no try_files guard.
  sed -i 's|include snippets/fastcgi-php.conf;|include fastcgi.conf;|' "$(site_file "$1")"
  in_host "$1" nginx -t 2>/dev/null && nginx_reload "$1"
}

f_fpm_config_invalid() {
  sed -i -E 's/^pm\.max_children =/pm.max_chidlren =/' "$(pool_file "$1")"
  ! in_host "$1" php-fpm8.2 -t 2>/dev/null
}

f_memory_overcommit() {
  # 5000 x ~9 MiB idle child RSS is ~45 GiB: over any lab machine's memory (2000 was not on 24 GiB).
  pool_set "$(pool_file "$1")" pm.max_children 5000
  svc "$1" restart php8.2-fpm
}

oom_cgroup() { printf '/sys/fs/cgroup/memory/fleet-lab-%s-%s' "$(host_slot "$1")" "$1"; }

f_oom_kill() {
  local cg; cg="$(oom_cgroup "$1")"
  [[ -d /sys/fs/cgroup/memory ]] || { log "host '$1': oom-kill needs the cgroup v1 memory controller"; return 1; }
  mkdir -p "$cg"
  echo $((64 * 1024 * 1024)) >"$cg/memory.limit_in_bytes"
  # Every current worker goes in, so whichever takes the request is limited.
  local pids; pids="$(fpm_worker_pids "$1")"
  local p; for p in $pids; do echo "$p" >"$cg/cgroup.procs"; done
  LAB_CURL_MAX=20 lab_curl "$1" '/mem.php?mb=256' >/dev/null
  # The kernel names the host pid; match ours, not an older run's line.
  wait_log "$1" $FPM_LOG 'exited on signal 9 \(SIGKILL\)' 5 &&
    wait_for 5 kernel_logged "Memory cgroup out of memory: Killed process ($(paste -sd'|' <<<"$pids")) \\(php-fpm8.2\\)"
}

# /bin/sh -> bash (bash's arithmetic evaluates a[$(cmd)] in a value; dash's does not).
f_sh_is_bash() {
  in_host "$1" ln -sf bash /bin/sh
  [[ -n "$(in_host "$1" sh -c 'echo "${BASH_VERSION:-}"')" ]]
}

# grep -q would end the pipe early and pipefail would call that a failure.
kernel_logged() { [[ -n "$(dmesg | grep -E "$1")" ]]; }

# ---- hostile local users (the probe reads what they leave behind as root)

# Marker the sed `e` payload of fake-fpm-master would create as root, and the
# secret of fake-fpm-master-read: a probe that believed the fake title would
# run / read them.
FAKE_MARKER=/root/fleet-pwned
FAKE_SECRET_FILE=/root/fleet-secret.conf
FAKE_SECRET=fleetsecret7f3a9c
# The old probe spliced the title's path into `sed "s#$T/fpm.conf#PATH#g"`;
# ${IFS} stands in for the space a title path could not carry through it.
FAKE_PAYLOAD_DIR='/tmp/p#;e/usr/bin/touch${IFS}/root/fleet-pwned;s#a#b'

# start_fake_master NAME CONF: as user nobody, a copy of cat named php-fpm8.2
# started with argv[0] "php-fpm: master process (CONF)" (so `ps -e -o comm=,args=`
# shows exactly what a real master shows), waiting forever on a FIFO it holds
# open itself. Checks that ps shows it that way, as nobody.
start_fake_master() {
  local name="$1" conf="$2" title="php-fpm: master process ($2)"
  in_host "$name" setpriv --reuid=65534 --regid=65534 --clear-groups -- bash -c '
    d=$(mktemp -d /tmp/fake.XXXXXX) && cp /bin/cat "$d/php-fpm8.2" && mkfifo "$d/in" &&
      setsid -f bash -c "exec -a \"\$1\" \"\$2/php-fpm8.2\" <>\"\$2/in\"" fake "$1" "$d" </dev/null >/dev/null 2>&1' fake "$title" || return 1
  local seen
  seen="$(in_host "$name" ps -e -o user=,comm=,args= | awk -v t="$title" '$1 == "nobody" && $2 == "php-fpm8.2" && substr($0, length($0) - length(t) + 1) == t')"
  [[ -n $seen ]] || { log "host '$name': no nobody-owned php-fpm8.2 titled '$title' in ps"; return 1; }
}

f_fake_fpm_master() {
  svc "$1" stop php8.2-fpm
  # The path must exist and be readable for the old probe to test a copy of it.
  in_host "$1" setpriv --reuid=65534 --regid=65534 --clear-groups -- sh -c 'mkdir -p "$1" && : >"$1/php-fpm.conf"' fake "$FAKE_PAYLOAD_DIR" &&
    start_fake_master "$1" "$FAKE_PAYLOAD_DIR/php-fpm.conf" &&
    ! in_host "$1" test -e "$FAKE_MARKER"
}

f_fake_fpm_master_read() {
  svc "$1" stop php8.2-fpm
  # A pool section named after the secret: FPM's own test would quote it.
  in_host "$1" sh -c 'umask 077 && printf "[%s]\nuser = www-data\n" "$1" >"$2"' fake "$FAKE_SECRET" "$FAKE_SECRET_FILE" &&
    [[ "$(in_host "$1" stat -c '%U %a' "$FAKE_SECRET_FILE")" == "root 600" ]] &&
    ! in_host "$1" setpriv --reuid=65534 --regid=65534 --clear-groups -- cat "$FAKE_SECRET_FILE" 2>/dev/null &&
    start_fake_master "$1" "$FAKE_SECRET_FILE"
}

f_log_fifo() {
  # FPM keeps writing to the unlinked file; the path now names a FIFO no one writes to.
  in_host "$1" sh -c 'rm -f "$1" && mkfifo -m 0640 "$1"' fake "$FPM_LOG" &&
    [[ "$(in_host "$1" stat -c %F "$FPM_LOG")" == fifo ]] &&
    [[ "$(in_host "$1" systemctl is-active php8.2-fpm)" == active ]]
}

# ---- issue 9: evidence where production keeps it (rotated, JSON, journal, local
# time, debug level) and the 404/500 half (stale SCRIPT_FILENAME, memory_limit,
# full session disk, a Laravel app's own log, worker_connections)

FPM_CONF=/etc/php/8.2/fpm/php-fpm.conf
fpm_conf_file() { printf '%s%s' "$(host_root "$1")" "$FPM_CONF"; }

# The pool of fpm-max-children (2 children) and more concurrent slow requests
# than it has: FPM's once-a-second maintenance logs the warning wherever its
# error_log goes. The caller checks that place.
max_children_traffic() {
  local pool; pool="$(pool_file "$1")"
  pool_set "$pool" pm dynamic
  pool_set "$pool" pm.max_children 2
  pool_set "$pool" pm.start_servers 1
  pool_set "$pool" pm.min_spare_servers 1
  pool_set "$pool" pm.max_spare_servers 1
  svc "$1" restart php8.2-fpm
  local -a pids=(); local i
  for i in 1 2 3 4; do LAB_CURL_MAX=12 lab_curl "$1" '/sleep.php?s=3' >/dev/null & pids+=($!); done
  wait "${pids[@]}"
}

journal_has() { [[ -n "$(in_host "$1" journalctl -t "$2" -o short-iso --no-pager -q | grep -E "$3")" ]]; }

f_fpm_rotated() {
  max_children_traffic "$1" &&
    wait_log "$1" $FPM_LOG 'server reached pm.max_children setting' 5 || return 1
  # The package's own logrotate config (weekly, delaycompress): forced, as the nightly run would.
  in_host "$1" logrotate -f /etc/logrotate.d/php8.2-fpm >&2 || return 1
  log_has "$1" $FPM_LOG.1 'server reached pm.max_children setting' &&
    ! log_has "$1" $FPM_LOG 'server reached pm.max_children setting'
}

f_rotated_clean() {
  LAB_CURL_MAX=10 expect_status "$1" / 200 || return 1
  in_host "$1" logrotate -f /etc/logrotate.d/php8.2-fpm /etc/logrotate.d/nginx >&2 || return 1
  # No pool warning; a boot-time FPM error (the lab restarts an FPM that lost /run/php) may be there.
  log_has "$1" $FPM_LOG.1 'NOTICE' && ! log_has "$1" $FPM_LOG.1 'WARNING: \[pool' &&
    log_has "$1" $NGINX_ACCESS.1 '" 200 '
}

JSON_ACCESS=/var/log/nginx/app-access.json
json_access_log() {
  cat >"$(host_root "$1")/etc/nginx/conf.d/json-log.conf" <<'CONF'
log_format json_combined escape=json '{"time":"$time_iso8601","remote_addr":"$remote_addr","request":"$request","status":"$status","body_bytes_sent":"$body_bytes_sent","request_time":"$request_time","http_referer":"$http_referer","http_user_agent":"$http_user_agent"}';
CONF
  sed -i -E "s|^(\s*)(server_name .*;)|\1\2\n\1access_log $JSON_ACCESS json_combined;|" "$(site_file "$1")"
  in_host "$1" nginx -t 2>/dev/null && nginx_reload "$1"
}

f_access_json() {
  json_access_log "$1" || return 1
  sed -i -E 's|^(\s*)(server_name .*;)|\1\2\n\1large_client_header_buffers 2 1k;|' "$(site_file "$1")"
  nginx_reload "$1"
  local cookie; cookie="big=$(head -c 3072 /dev/zero | tr '\0' x)"
  local i; for i in 1 2 3; do expect_status "$1" / 400 -H "Cookie: $cookie" || return 1; done
  wait_log "$1" $JSON_ACCESS '"status":"400"' 5 && ! log_has "$1" $NGINX_ACCESS '" 400 '
}

f_access_json_clean() {
  json_access_log "$1" || return 1
  local i; for i in 1 2 3; do expect_status "$1" / 200 || return 1; done
  wait_log "$1" $JSON_ACCESS '"status":"200"' 5 && ! log_has "$1" $JSON_ACCESS '"status":"[45]'
}

fpm_to_syslog() {
  sed -i -E 's|^error_log = .*|error_log = syslog|' "$(fpm_conf_file "$1")"
  grep -qx 'error_log = syslog' "$(fpm_conf_file "$1")"
}

f_fpm_syslog() {
  fpm_to_syslog "$1" && max_children_traffic "$1" &&
    wait_for 5 journal_has "$1" php-fpm 'server reached pm.max_children setting' &&
    ! log_has "$1" $FPM_LOG 'server reached pm.max_children setting'
}

f_fpm_syslog_clean() {
  fpm_to_syslog "$1" && svc "$1" restart php8.2-fpm &&
    wait_for 5 journal_has "$1" php-fpm '\[NOTICE\] fpm is running' &&
    ! journal_has "$1" php-fpm '\[(WARNING|ERROR|ALERT)\]'
}

# As dpkg-reconfigure tzdata does it; the daemons read the zone when they start.
tz_berlin() {
  in_host "$1" sh -c 'ln -sf /usr/share/zoneinfo/Europe/Berlin /etc/localtime && echo Europe/Berlin >/etc/timezone' &&
    svc "$1" restart nginx && svc "$1" restart php8.2-fpm &&
    [[ "$(in_host "$1" date +%Z)" == CE*T ]]
}

# The hour of the last FPM line that matches, as FPM wrote it (local time).
fpm_line_hour() { grep -E "$2" "$(host_root "$1")$FPM_LOG" | tail -n1 | sed -nE 's/^\[[^ ]+ ([0-9]{2}):.*/\1/p'; }
# That line, written in the last two minutes, carries the host's local hour (now or two
# minutes ago, across an hour's turn), never the UTC one: Berlin is UTC+1 or +2.
fpm_line_local() { # NAME REGEX
  local h; h="$(fpm_line_hour "$1" "$2")"
  [[ -n $h && ($h == "$(in_host "$1" date +%H)" || $h == "$(in_host "$1" date -d '-120 sec' +%H)") ]] ||
    { log "host '$1': FPM line hour '$h' is not the host's local (Berlin) hour"; return 1; }
}

f_tz_berlin() {
  tz_berlin "$1" && max_children_traffic "$1" &&
    wait_log "$1" $FPM_LOG 'server reached pm.max_children setting' 5 || return 1
  fpm_line_local "$1" 'server reached pm.max_children setting'
}

f_tz_berlin_clean() {
  tz_berlin "$1" && LAB_CURL_MAX=10 expect_status "$1" / 200 || return 1
  fpm_line_local "$1" 'NOTICE: fpm is running'
}

fpm_answers() { [[ "$(LAB_CURL_MAX=5 lab_curl "$1" /)" == 200 ]]; }

# kill -SIG the worker busy in a slow request (fpm-child-killed: KILL; fpm-debug: SEGV).
kill_busy_worker() { # NAME SIGNAL
  # FPM answers first (a restart under load can take seconds), then one slow request.
  wait_for 15 fpm_answers "$1" || { log "host '$1': FPM does not answer after its restart"; return 1; }
  LAB_CURL_MAX=30 lab_curl "$1" '/sleep.php?s=20' >/dev/null &
  local curl=$! victim="" end=$((SECONDS + 18)) p
  while [[ -z $victim ]] && ((SECONDS < end)); do
    for p in $(fpm_worker_pids "$1"); do
      grep -qs nanosleep "/proc/$p/wchan" "/proc/$p/stack" && { victim="$p"; break; }
    done
    [[ -n $victim ]] || sleep 0.2
  done
  [[ -n $victim ]] || { log "host '$1': no busy FPM worker found"; kill "$curl" 2>/dev/null; return 1; }
  kill "-$2" "$victim"
  wait "$curl" || true
}

f_fpm_debug() {
  sed -i -E 's|^;?log_level = .*|log_level = debug|' "$(fpm_conf_file "$1")"
  grep -qx 'log_level = debug' "$(fpm_conf_file "$1")" || return 1
  svc "$1" restart php8.2-fpm
  kill_busy_worker "$1" SEGV &&
    wait_log "$1" $FPM_LOG 'fpm_children_bury\(\), line [0-9]+: \[pool www\] child [0-9]+ exited on signal 11 \(SIGSEGV' 5
}

f_script_not_found() {
  # A deploy moved the code; the site still names the old release directory.
  sed -i -E 's|^(\s*)(include snippets/fastcgi-php.conf;)|\1\2\n\1fastcgi_param SCRIPT_FILENAME /srv/old-release$fastcgi_script_name;|' "$(site_file "$1")"
  in_host "$1" nginx -t 2>/dev/null && nginx_reload "$1" || return 1
  local i; for i in 1 2 3; do expect_status "$1" / 404 || return 1; done
  [[ "$(curl -s --max-time 10 --noproxy '*' "http://$(host_addr "$1")/")" == 'File not found.' ]] &&
    wait_log "$1" $NGINX_ERR 'FastCGI sent in stderr: "Primary script unknown"' 5
}

f_memory_limit() {
  # php_admin_value: mem.php's ini_set('memory_limit', '-1') cannot lift it.
  pool_set "$(pool_file "$1")" 'php_admin_value[memory_limit]' 4M
  svc "$1" restart php8.2-fpm
  local i; for i in 1 2; do LAB_CURL_MAX=10 expect_status "$1" '/mem.php?mb=16' 500 || return 1; done
  wait_log "$1" $NGINX_ERR 'PHP Fatal error:  Allowed memory size of 4194304 bytes exhausted' 5
}

SESSIONS=/var/lib/php/sessions
f_sessions_full() {
  # A small filesystem for sessions, as some hosts mount one, filled by old sessions.
  in_host "$1" mount -t tmpfs -o size=1m,mode=1733 tmpfs $SESSIONS || return 1
  in_host "$1" sh -c 'i=0; while head -c 65536 /dev/zero >"$1/sess_old$i" 2>/dev/null; do i=$((i + 1)); done; true' fill $SESSIONS
  cat >"$(host_root "$1")/var/www/app/public/session.php" <<'PHP'
<?php
// Starts a session and stores a cart in it (written when the request ends).
session_start();
$_SESSION['cart'] = str_repeat('item;', 2000);
header('Content-Type: text/plain');
echo "session ", session_id(), "\n";
PHP
  local use; use="$(in_host "$1" df -P $SESSIONS | awk 'NR == 2 {print $5}')"
  [[ $use == 100% ]] || { log "host '$1': $SESSIONS is $use full"; return 1; }
  LAB_CURL_MAX=10 lab_curl "$1" /session.php >/dev/null
  wait_log "$1" $NGINX_ERR 'No space left on device' 5
}

# A Laravel layout (/srv/app/public, /srv/app/artisan, storage/logs) served by the site.
laravel_site() {
  local root; root="$(host_root "$1")"
  mkdir -p "$root/srv" && cp -a "$LAB_SRC/apps/laravel" "$root/srv/app" || return 1
  in_host "$1" chown -R www-data:www-data /srv/app/storage || return 1
  sed -i 's|root /var/www/app/public;|root /srv/app/public;|' "$(site_file "$1")"
  in_host "$1" nginx -t 2>/dev/null && nginx_reload "$1"
}

LARAVEL_LOG=/srv/app/storage/logs/laravel.log
f_laravel_app() {
  laravel_site "$1" && expect_status "$1" /login 200 && expect_status "$1" /checkout 500 &&
    wait_log "$1" $LARAVEL_LOG 'production\.ERROR: .*App\\\\Exceptions\\\\PaymentFailed\(code: 0\)' 5
}

f_laravel_clean() {
  laravel_site "$1" && expect_status "$1" /login 200 && expect_status "$1" / 200 &&
    wait_log "$1" $LARAVEL_LOG 'production\.INFO: ' 5 && ! log_has "$1" $LARAVEL_LOG '\.(ERROR|CRITICAL|ALERT|EMERGENCY):'
}

f_worker_connections() {
  sed -i -E 's|^(\s*)worker_connections [0-9]+;|\1worker_connections 16;|' "$(host_root "$1")/etc/nginx/nginx.conf"
  grep -q 'worker_connections 16;' "$(host_root "$1")/etc/nginx/nginx.conf" && svc "$1" restart nginx || return 1
  # Each proxied request holds a client and an upstream connection, the listeners hold more.
  local -a pids=(); local i
  for i in $(seq 60); do LAB_CURL_MAX=15 lab_curl "$1" '/sleep.php?s=2' >/dev/null & pids+=($!); done
  wait "${pids[@]}"
  wait_log "$1" $NGINX_ERR '16 worker_connections are not enough' 5
}
