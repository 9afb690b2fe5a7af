# fleet probe, evidence section (issue 9): rotated log generations, the
# journal (syslog destinations, why a unit stopped), disks, php.ini, Laravel
# logs. Function definitions only: probe.sh's main calls `evidence` just
# before its `done` frame. It uses main's variables (N NOW WINDOW MAXLOG TO T
# SYSTEMD NGINX), its helpers (begin end run skipped safe_path has) and its
# scratch files ($T/dump, $T/fpm, $T/logpaths, $T/services; also, when main
# left them, $T/ff (the FPM files: syslog.ident, pools' session.save_path),
# $T/socks or $T/fpmlisten (unix sockets) and $T/flogs or $T/fpmlogs (which
# FPM logs to syslog)).
#
# Light: on a stock host (no rotated logs, no Laravel app, no syslog
# destination, every unit up) this section starts nginx -V, one awk over
# our own scratch files and the php.ini files, df and df -i, each under
# $TO: 8 processes. Everything else is builtins, and runs only when there is
# something to read.
#
# Everything read from the host is data: paths pass safe_path, tags and unit
# names are shape-checked, numbers are digits before any arithmetic, values go
# to commands as arguments after `--` or through ENVIRON, never into a program.

# ev_digits VALUE: a non-empty string of digits.
ev_digits() {
  case $1 in '' | *[!0-9]*) return 1 ;; esac
  return 0
}

# ev_name VALUE: a syslog tag or unit name: [A-Za-z0-9._@-], not an option.
ev_name() {
  case $1 in '' | -* | *[!A-Za-z0-9._@-]*) return 1 ;; esac
  return 0
}

# ev_stat PATH: sets ev_type (stat %F, a symlink is not followed), ev_size,
# ev_mtime, ev_uid and ev_gid (digits), or returns 1 when the path cannot be
# stat'ed.
ev_stat() {
  ev_type= ev_size= ev_mtime= ev_uid= ev_gid=
  $TO stat -c '%s|%Y|%u|%g|%F' -- "$1" >"$T/ev.st" 2>/dev/null || return 1
  IFS='|' read -r ev_size ev_mtime ev_uid ev_gid ev_type <"$T/ev.st" || return 1
  ev_digits "$ev_size" && ev_digits "$ev_mtime" && ev_digits "$ev_uid" && ev_digits "$ev_gid" || return 1
  return 0
}

# ev_as_owner: sets EV_AS, the prefix that reads the file ev_stat just saw
# with its owner's rights, when that owner is not root and we are: a file
# swapped for a symlink (to /etc/shadow) between the check and the read, in a
# directory its owner writes, then reads as that owner could, not as root.
ev_as_owner() {
  EV_AS=
  [ "$ev_uid" != 0 ] || return 0
  [ -n "$EV_UID" ] || EV_UID=$(id -u 2>/dev/null)
  [ "$EV_UID" = 0 ] || return 0
  has setpriv || return 0
  EV_AS="setpriv --reuid=$ev_uid --regid=$ev_gid --clear-groups --"
}

# ev_errframe NAME ATTRS FILE: a NAME.stderr frame when FILE is not empty.
ev_errframe() {
  [ -s "$3" ] || return 0
  begin "$1.stderr" "$2"
  head -c 4096 -- "$3"
  end "$1.stderr" 0
}

# ------------------------------------------------------ rotated generations
# ev_rotated KIND PATH SIZE: NAME.1, NAME.2.gz, ... (also NAME.1.gz), while
# the current file fit in MAXLOG, each generation is inside the window and
# the previous one was read whole. All generations share what MAXLOG leaves.
ev_rotated() {
  rt_size=$3
  case $rt_size in '' | *[!0-9]*) return 0 ;; esac
  if ! safe_path "$2"; then
    skipped log "kind=$1" "rotated generations not read: the log path is not a plain absolute path: $2"
    return 0
  fi
  [ "$rt_size" -le "$EV_MAX" ] || return 0
  rt_left=$((EV_MAX - rt_size))
  rt_gen=1
  while [ "$rt_left" -gt 0 ] && [ "$rt_gen" -le 30 ]; do
    rt_p= rt_gz=
    for rt_c in "$2.$rt_gen" "$2.$rt_gen.gz"; do
      if [ -e "$rt_c" ] || [ -h "$rt_c" ]; then
        rt_p=$rt_c
        break
      fi
    done
    [ -n "$rt_p" ] || return 0
    case $rt_p in *.gz) rt_gz=1 ;; esac
    rt_a="kind=$1 path=$rt_p of=$2 gen=$rt_gen${rt_gz:+ gz=1}"
    if ! ev_stat "$rt_p"; then
      skipped log "$rt_a" "cannot stat the rotated log, not read"
      return 0
    fi
    case $ev_type in
      'regular file' | 'regular empty file') ;;
      *)
        skipped log "$rt_a" "not a regular file ($ev_type), not read"
        return 0 ;;
    esac
    # Older generations are older still: stop at the first outside the window.
    [ "$ev_mtime" -ge "$EV_SINCE" ] || return 0
    ev_as_owner
    if [ -n "$rt_gz" ]; then
      # Decompressed, bounded: one byte more than is left says "cut".
      { $TO $EV_AS gzip -dc -- "$rt_p" 2>"$T/ev.gze"; echo $? >"$T/ev.gzrc"; } | tail -c "$((rt_left + 1))" >"$T/ev.gz"
      rt_rc=$(cat "$T/ev.gzrc" 2>/dev/null)
      ev_digits "$rt_rc" || rt_rc=255
      ev_stat "$T/ev.gz" || ev_size=0
      begin log "$rt_a size=$ev_size"
      tail -c "$rt_left" -- "$T/ev.gz"
      end log "$rt_rc"
      ev_errframe log "$rt_a" "$T/ev.gze"
      rm -f -- "$T/ev.gz" "$T/ev.gze" "$T/ev.gzrc"
    else
      run log head:"$rt_left" 4096 "$rt_a size=$ev_size" $EV_AS tail -c "$rt_left" -- "$rt_p"
    fi
    [ "$ev_size" -le "$rt_left" ] || return 0
    case $ev_size in '' | *[!0-9]*) return 0 ;; esac
    rt_left=$((rt_left - ev_size))
    rt_gen=$((rt_gen + 1))
  done
}

# ------------------------------------------------------------- the journal
# f_ev_journal TAG [MATCH...]: journalctl of one syslog identifier (or what
# the extra matches add, after `+`: an OR), bounded to the last MAXLOG bytes.
f_ev_journal() {
  fj_t=$1
  shift
  # journalctl's status, not tail's: a timeout or a failed read must not pass
  # for a complete, empty journal (dash has no pipefail).
  { $TO journalctl --since "@$EV_SINCE" -o short-iso --no-pager -q "SYSLOG_IDENTIFIER=$fj_t" "$@"; echo $? >"$T/ev.jrc"; } | tail -c "$EV_MAX"
  fj_rc=
  read -r fj_rc <"$T/ev.jrc" || :
  ev_digits "$fj_rc" || fj_rc=255
  return "$fj_rc"
}
# ev_journal_readable: root, or a member of a group journald opens the system
# journal to. Anyone else sees only their own journal, and `-q` hides the
# warning, so an empty answer would pass for "no lines": say it instead.
ev_journal_readable() {
  if [ -z "$EV_JREAD" ]; then
    EV_JREAD=no
    if [ "$(id -u 2>/dev/null)" = 0 ]; then
      EV_JREAD=yes
    else
      for jr_g in $(id -Gn 2>/dev/null); do
        case $jr_g in adm | systemd-journal | wheel) EV_JREAD=yes ;; esac
      done
    fi
  fi
  [ "$EV_JREAD" = yes ]
}

# ev_journal KIND TAG: the journal of one syslog tag since the window began.
ev_journal() {
  if ! ev_name "$2"; then
    skipped journal-log "kind=$1" "syslog tag is not a plain name, not read: $2"
    return 0
  fi
  if ! has journalctl; then
    skipped journal-log "kind=$1 tag=$2 since=$EV_SINCE" "journalctl not found: the syslog destination cannot be read"
    return 0
  fi
  if [ "$SYSTEMD" != yes ]; then
    # Without systemd /dev/log is a syslog daemon's: its files, not a journal.
    skipped journal-log "kind=$1 tag=$2 since=$EV_SINCE" "no systemd journal on this host: syslog goes to the syslog daemon's files, not read"
    return 0
  fi
  if ! ev_journal_readable; then
    skipped journal-log "kind=$1 tag=$2 since=$EV_SINCE" "$EV_JWHY"
    return 0
  fi
  case $1 in
    # nginx writes RFC 3164 with its hostname ("<PRI>TIME HOST TAG: msg"):
    # journald then files it with no identifier at all, so `-t TAG` finds
    # nothing. Its messages are the syslog ones nginx itself sent.
    nginx-error) run journal-log head:"$EV_MAX" 4096 "kind=$1 tag=$2 since=$EV_SINCE" f_ev_journal "$2" + _COMM=nginx _TRANSPORT=syslog ;;
    *) run journal-log head:"$EV_MAX" 4096 "kind=$1 tag=$2 since=$EV_SINCE" f_ev_journal "$2" ;;
  esac
}

# ev_fpm_ident NAME: sets ev_fid, the syslog.ident of that FPM ([global]):
# from its main conf (/etc/php/X.Y/fpm/php-fpm.conf, /etc/php-fpm.conf for an
# unversioned build) as the one pass read it, else what main's FPM files
# said ($ev_ident), else FPM's default php-fpm.
ev_fpm_ident() {
  ev_fid=
  ev_fpm_conf "$1"
  fi_c=$ev_conf
  if [ -n "$fi_c" ]; then
    while read -r fi_t fi_f fi_v; do
      [ "$fi_t" = fident ] && [ "$fi_f" = "$fi_c" ] && ev_fid=$fi_v
    done <"$T/ev.facts"
  fi
  [ -n "$ev_fid" ] || ev_fid=$ev_ident
}

# ev_fpm_conf NAME: sets ev_conf, the main conf of an FPM build by its
# binary's name ('' when the name is not an FPM's, or not a plain path).
ev_fpm_conf() {
  case $1 in
    php-fpm) ev_conf=/etc/php-fpm.conf ;;
    php-fpm[0-9]*) ev_conf=/etc/php/${1#php-fpm}/fpm/php-fpm.conf ;;
    *) ev_conf= ;;
  esac
  safe_path "$ev_conf" || ev_conf=
}

# --------------------------------------------------------- Laravel logs
# ev_applog ROOT PATH: a bounded tail of one app log, when it is a regular
# file (a symlink or FIFO in a directory the app user writes is refused).
ev_applog() {
  [ -e "$2" ] || [ -h "$2" ] || return 0
  if ! ev_stat "$2"; then
    skipped app-log "root=$1 path=$2" "cannot stat the app log, not read"
    return 0
  fi
  case $ev_type in
    'regular file' | 'regular empty file')
      ev_as_owner
      run app-log head:"$EV_MAX" 4096 "root=$1 path=$2 size=$ev_size" $EV_AS tail -c "$EV_MAX" -- "$2" ;;
    *) skipped app-log "root=$1 path=$2" "not a regular file ($ev_type), not read" ;;
  esac
}

ev_app() {
  ap_app=${1%/public}
  [ -f "$ap_app/artisan" ] || return 0
  if ! safe_path "$1"; then
    skipped app-log "" "site root is not a plain absolute path, not read: $1"
    return 0
  fi
  EV_APPS=$((EV_APPS + 1))
  [ "$EV_APPS" -le 8 ] || return 0
  if [ -z "$EV_TODAY" ]; then
    EV_TODAY=$(date +%Y-%m-%d 2>/dev/null)
    EV_YESTERDAY=$(date -d "@$((EV_NOW - 86400))" +%Y-%m-%d 2>/dev/null)
  fi
  ev_applog "$1" "$ap_app/storage/logs/laravel.log"
  for ap_d in "$EV_YESTERDAY" "$EV_TODAY"; do
    case $ap_d in [0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]) ;; *) continue ;; esac
    ev_applog "$1" "$ap_app/storage/logs/laravel-$ap_d.log"
  done
}

# -------------------------------------------------------- stopped units
# ev_unit ID LOADSTATE ACTIVESTATE: the unit's last journal lines when an
# nginx or FPM unit is loaded and not active/reloading.
ev_unit() {
  [ -n "$1" ] && [ "$2" != not-found ] || return 0
  case $3 in active | reloading | '') return 0 ;; esac
  case $1 in nginx.service | php*-fpm.service) ;; *) return 0 ;; esac
  ev_name "$1" || return 0
  if ! ev_journal_readable; then
    skipped unit-journal "unit=$1" "$EV_JWHY"
    return 0
  fi
  run unit-journal head:65536 4096 "unit=$1" journalctl -u "$1" -n 30 -o short-iso --no-pager -q
}

# ------------------------------------------------------------------- disks
# ev_disk WHAT DIR: one `WHAT DIR` line per existing directory (once per pair).
# A directory df is not run on is said (`unread WHAT WHY`), never dropped: its
# filesystem could be the full one.
ev_disk() {
  # Not a path (unset, relative, a session handler's tcp://...): nothing on disk to fill.
  case $2 in /*) ;; *) return 0 ;; esac
  [ -d "$2" ] || return 0
  if ! safe_path "$2"; then
    ev_unread "$1" unsafe
    return 0
  fi
  case $EV_DISKS in *"
$1 $2
"*) return 0 ;; esac
  if [ "$EV_NDISK" -ge 24 ]; then
    ev_unread "$1" cap
    return 0
  fi
  EV_NDISK=$((EV_NDISK + 1))
  EV_DISKS="$EV_DISKS$1 $2
"
}

# ev_unread WHAT WHY: once per pair; WHY is unsafe (its path has characters no
# command gets) or cap (more directories than df is run on).
ev_unread() {
  case $EV_UNREAD in *"
unread $1 $2
"*) return 0 ;; esac
  EV_UNREAD="${EV_UNREAD}unread $1 $2
"
}

# ev_df NAME OPTION: df over the disk-paths, one line per path, same order.
ev_df() {
  if [ "$EV_NDISK" -eq 0 ]; then
    skipped "$1" "" "no nginx log, temp, FPM socket or PHP session directory found"
    return 0
  fi
  # The paths as arguments: newline-separated, each one safe_path-checked.
  set -f
  df_ifs=$IFS
  IFS='
'
  set -- "$1" "$2" $EV_DFARGS
  IFS=$df_ifs
  set +f
  df_name=$1 df_opt=$2
  shift 2
  begin "$df_name" ""
  $TO df "$df_opt" -- "$@" 2>"$T/ev.dfe"
  df_rc=$?
  end "$df_name" "$df_rc"
  ev_errframe "$df_name" "" "$T/ev.dfe"
}

# ---------------------------------------------------------------- evidence
evidence() {
  # main checked these; checked again here, where they go into arithmetic.
  EV_NOW=$NOW EV_WINDOW=$WINDOW EV_MAX=$MAXLOG
  case $EV_NOW in '' | *[!0-9]*) EV_NOW=0 ;; esac
  case $EV_WINDOW in '' | *[!0-9]*) EV_WINDOW=3600 ;; esac
  case $EV_MAX in '' | *[!0-9]*) EV_MAX=262144 ;; esac
  EV_SINCE=$((EV_NOW - EV_WINDOW))
  [ "$EV_SINCE" -ge 0 ] || EV_SINCE=0
  EV_JWHY='the system journal is not readable for this user (not root, not in adm, systemd-journal or wheel)'
  EV_UID= EV_AS= EV_JREAD= EV_ROOTS='
' EV_APPS=0 EV_TODAY= EV_YESTERDAY= EV_NDISK=0 EV_DISKS='
' EV_UNREAD='
' EV_DFARGS=
  [ -f "$T/logpaths" ] || : >"$T/logpaths"
  [ -f "$T/services" ] || : >"$T/services"

  # php.ini of each FPM version (the unversioned RHEL build reads /etc/php.ini).
  : >"$T/ev.inis"
  while read -r ev_b ev_u ev_f; do
    case $ev_b in
      php-fpm) ev_i=/etc/php.ini ;;
      php-fpm[0-9]*) ev_i=/etc/php/${ev_b#php-fpm}/fpm/php.ini ;;
      *) continue ;;
    esac
    safe_path "$ev_i" || continue
    printf '%s %s\n' "$ev_b" "$ev_i" >>"$T/ev.inis"
  done <"$T/fpm"

  # nginx's compiled temp paths, for the kinds the dump does not set.
  : >"$T/ev.V"
  [ -n "$NGINX" ] && $TO "$NGINX" -V >"$T/ev.V" 2>&1

  # One pass over our scratch files and the php.ini files (regular files
  # only: a FIFO would block; the whole pass is under $TO). Out: tagged lines.
  # After each php.ini, its scan directory's *.ini in name order, as PHP reads
  # them (later values win): `INDEX PATH [d]` lines in $T/ev.inimap tell the pass
  # which php.ini a file belongs to (d: a scan file); `INDEX ?` says a scan file
  # was left out for its name, `INDEX +` that the files past the 64th were.
  set --
  : >"$T/ev.inimap"
  ev_n=0
  while read -r ev_b ev_i; do
    ev_n=$((ev_n + 1))
    [ -f "$ev_i" ] && [ -r "$ev_i" ] || continue
    set -- "$@" "$ev_i"
    printf '%s %s\n' "$ev_n" "$ev_i" >>"$T/ev.inimap"
    case $ev_b in php-fpm) ev_d=/etc/php.d ;; *) ev_d=${ev_i%/*}/conf.d ;; esac
    ev_nd=0
    for ev_c in "$ev_d"/*.ini; do
      [ -f "$ev_c" ] && [ -r "$ev_c" ] || continue
      if ! safe_path "$ev_c"; then
        printf '%s ?\n' "$ev_n" >>"$T/ev.inimap"
        continue
      fi
      ev_nd=$((ev_nd + 1))
      if [ "$ev_nd" -gt 64 ]; then
        printf '%s +\n' "$ev_n" >>"$T/ev.inimap"
        break
      fi
      set -- "$@" "$ev_c"
      printf '%s %s d\n' "$ev_n" "$ev_c" >>"$T/ev.inimap"
    done
  done <"$T/ev.inis"
  # ... and each FPM's main conf: error_log = syslog, syslog.ident.
  while read -r ev_b ev_u ev_f; do
    ev_fpm_conf "$ev_b"
    [ -n "$ev_conf" ] && [ -f "$ev_conf" ] && [ -r "$ev_conf" ] && set -- "$@" "$ev_conf"
  done <"$T/fpm"
  [ -f "$T/ff" ] || : >"$T/ff"
  [ -f "$T/fpmlisten" ] || : >"$T/fpmlisten"
  [ -f "$T/socks" ] || : >"$T/socks"
  EV_DUMP=$T/dump EV_V=$T/ev.V EV_FF=$T/ff EV_LISTEN=$T/fpmlisten EV_SOCKS=$T/socks EV_INIMAP=$T/ev.inimap $TO awk '
    function val(s) { sub(/^[^=]*=[ \t]*/, "", s); sub(/[ \t\r]*$/, "", s); gsub(/["\047]/, "", s); return s }
    BEGIN { while ((getline l < ENVIRON["EV_INIMAP"]) > 0) { n = split(l, a, " ")
        if (a[2] == "?" || a[2] == "+") print "ini", a[1], a[2]; else { idx[a[2]] = a[1]; if (n > 2) scan[a[2]] = 1 } } }
    FNR == 1 { f = FILENAME; ini = 0; conf = 0
      if (f in idx) { ini = 1; cur = idx[f]; nl = 0; from = (f in scan) ? ("@" f) : "" }
      else if (f != ENVIRON["EV_DUMP"] && f != ENVIRON["EV_V"] && f != ENVIRON["EV_FF"] && f != ENVIRON["EV_LISTEN"] && f != ENVIRON["EV_SOCKS"]) conf = 1 }
    conf {
      sub(/;.*/, "")
      if ($0 ~ /^[ \t]*error_log[ \t]*=/ && val($0) == "syslog") print "fsys", f
      else if ($0 ~ /^[ \t]*syslog\.ident[ \t]*=/) print "fident", f, val($0)
      next }
    f == ENVIRON["EV_DUMP"] {
      # Statements, also several on a line (`server { root /x; }`).
      sub(/#.*/, "")
      n = split($0, st, /[;{}]/)
      for (j = 1; j <= n; j++) {
        s = st[j]; sub(/^[ \t\r]+/, "", s); d = s; sub(/[ \t].*/, "", d)
        if (d != "root" && d != "error_log" && d != "fastcgi_pass" && d != "server" && d !~ /^(client_body|proxy|fastcgi)_temp_path$/) continue
        v = s; sub(/^[^ \t]+[ \t]*/, "", v); gsub(/["\047]/, "", v); sub(/[ \t\r]*$/, "", v)
        if (v == "") continue
        if (d == "root") print "root", v
        else if (d == "fastcgi_pass" || d == "server") {
          # The FPM sockets nginx talks to (fastcgi_pass, upstream servers).
          if (v ~ /^unix:\//) { sub(/^unix:/, "", v); sub(/[ \t].*/, "", v); sub(/:$/, "", v); print "sock", v } }
        else if (d == "error_log") {
          # Only the destination, the first argument (quoted or not):
          # `error_log syslog:server=unix:/dev/log warn;` has a level after it.
          e = s; sub(/^[^ \t]+[ \t]*/, "", e)
          if (e ~ /^"/) { e = substr(e, 2); sub(/".*/, "", e) }
          else if (e ~ /^\047/) { e = substr(e, 2); sub(/\047.*/, "", e) }
          else sub(/[ \t\r].*/, "", e)
          if (e ~ /^syslog:/) print "nsyslog", e }
        else { split(v, w, /[ \t]+/); k = d; sub(/_temp_path$/, "", k); print "temp", k, w[1] }
      }
      next }
    f == ENVIRON["EV_V"] {
      for (i = 1; i <= NF; i++) if ($i ~ /^--http-[a-z_]+-temp-path=/) {
        k = $i; sub(/^--http-/, "", k); sub(/-temp-path=.*/, "", k); gsub(/-/, "_", k)
        v = $i; sub(/^[^=]*=/, "", v); print "vtemp", k, v }
      next }
    f == ENVIRON["EV_FF"] {
      # `;` starts a comment, but not inside quotes: session.save_path = "N;/path".
      if (match($0, /=[ \t]*"[^"]*"/)) $0 = substr($0, 1, RSTART + RLENGTH - 1)
      else sub(/;.*/, "")
      if ($0 ~ /^[ \t]*syslog\.ident[ \t]*=/) print "ident", val($0)
      else if ($0 ~ /^[ \t]*php(_admin)?_value\[session\.save_path\][ \t]*=/) print "psess", val($0)
      next }
    f == ENVIRON["EV_LISTEN"] || f == ENVIRON["EV_SOCKS"] { sub(/^[ \t]+/, ""); sub(/[ \t\r]*$/, ""); if ($0 ~ /^\//) print "sock", $0; next }
    ini && /^[ \t]*(memory_limit|max_execution_time|session\.save_path|error_log|log_errors)[ \t]*=/ {
      if (++nl > 20) next
      # A scan file is named before the first line it sets.
      if (from != "") { print "ini", cur, from; from = "" }
      k = $0; sub(/=.*/, "", k); gsub(/[ \t]/, "", k)
      v = $0; sub(/^[^=]*=[ \t]*/, "", v); sub(/[ \t\r]*$/, "", v)
      print "ini", cur, k " = " substr(v, 1, 512) }
  ' "$T/dump" "$T/ev.V" "$T/ff" "$T/fpmlisten" "$T/socks" "$@" >"$T/ev.facts" 2>/dev/null

  # php-ini frames (one per FPM version), and the session dir they name.
  ev_n=0 ev_sess= ev_isess= ev_isn= ev_ident=php-fpm
  while read -r ev_b ev_i; do
    ev_n=$((ev_n + 1))
    if [ ! -f "$ev_i" ] || [ ! -r "$ev_i" ]; then
      skipped php-ini "name=$ev_b path=$ev_i" "php.ini not found or not readable"
      continue
    fi
    begin php-ini "name=$ev_b path=$ev_i"
    while read -r ev_t ev_k ev_rest; do
      [ "$ev_t" = ini ] && [ "$ev_k" = "$ev_n" ] || continue
      printf '%s\n' "$ev_rest"
      # The first php.ini that sets it, its last value (a scan file overrides php.ini).
      case $ev_rest in "session.save_path = "*)
        if [ -z "$ev_isess" ] || [ "$ev_isn" = "$ev_n" ]; then ev_isess=${ev_rest#session.save_path = } ev_isn=$ev_n; fi ;;
      esac
    done <"$T/ev.facts"
    end php-ini 0
  done <"$T/ev.inis"

  # Facts from the dump and the FPM config.
  ev_tb= ev_tp= ev_tf= ev_vb= ev_vp= ev_vf=
  : >"$T/ev.roots"
  while read -r ev_t ev_k ev_rest; do
    case $ev_t in
      temp)
        case $ev_k in
          client_body) [ -n "$ev_tb" ] || ev_tb=$ev_rest ;;
          proxy) [ -n "$ev_tp" ] || ev_tp=$ev_rest ;;
          fastcgi) [ -n "$ev_tf" ] || ev_tf=$ev_rest ;;
        esac ;;
      vtemp)
        case $ev_k in
          client_body) ev_vb=$ev_rest ;;
          proxy) ev_vp=$ev_rest ;;
          fastcgi) ev_vf=$ev_rest ;;
        esac ;;
      psess) [ -n "$ev_sess" ] || ev_sess=$ev_k${ev_rest:+ $ev_rest} ;;
      ident) ev_ident=$ev_k${ev_rest:+ $ev_rest} ;;
      root) printf '%s\n' "$ev_k${ev_rest:+ $ev_rest}" >>"$T/ev.roots" ;;
    esac
  done <"$T/ev.facts"

  # ---- disk-paths, df, df-inodes
  while read -r ev_k ev_p ev_s; do
    case $ev_k in nginx-*) ev_disk nginx-log "${ev_p%/*}" ;; esac
  done <"$T/logpaths"
  for ev_p in "${ev_tb:-$ev_vb}" "${ev_tp:-$ev_vp}" "${ev_tf:-$ev_vf}"; do
    ev_disk nginx-temp "$ev_p"
  done
  while read -r ev_t ev_p; do
    [ "$ev_t" = sock ] && ev_disk fpm-socket "${ev_p%/*}"
  done <"$T/ev.facts"
  # session.save_path is "[N;[MODE;]]PATH": the directory is the last part.
  ev_s=${ev_sess:-${ev_isess:-/var/lib/php/sessions}}
  # php.ini quotes the value ("N;/path" must be quoted): drop the quotes.
  ev_s=${ev_s#[\"\']}; ev_s=${ev_s%[\"\']}
  ev_disk php-sessions "${ev_s##*;}"
  begin disk-paths ""
  printf '%s' "${EV_DISKS#?}"
  printf '%s' "${EV_UNREAD#?}"
  end disk-paths 0
  ev_ifs=$IFS
  IFS='
'
  for ev_l in $EV_DISKS; do
    EV_DFARGS="$EV_DFARGS${ev_l#* }
"
  done
  IFS=$ev_ifs
  ev_df df -P
  ev_df df-inodes -Pi

  # ---- rotated generations of every log main read
  while read -r ev_k ev_p ev_s; do
    [ -e "$ev_p.1" ] || [ -h "$ev_p.1" ] || [ -e "$ev_p.1.gz" ] || [ -h "$ev_p.1.gz" ] || continue
    ev_rotated "$ev_k" "$ev_p" "$ev_s" </dev/null
  done <"$T/logpaths"

  # ---- the journal: nginx error_log syslog:server=unix:/dev/log[,tag=T]
  ev_tags=' '
  while read -r ev_t ev_v; do
    [ "$ev_t" = nsyslog ] || continue
    # server= may come anywhere among the parameters; the sockets journald
    # reads (the controller's JOURNAL_SOCKETS).
    case ,${ev_v#syslog:}, in
      *,server=unix:/dev/log,* | *,server=unix:/run/systemd/journal/dev-log,* | *,server=unix:/run/systemd/journal/syslog,*) ;;
      *) continue ;;
    esac
    ev_tag=nginx
    case ,${ev_v#syslog:}, in *,tag=*) ev_tag=${ev_v#*tag=}; ev_tag=${ev_tag%%,*} ;; esac
    case $ev_tags in *" $ev_tag "*) continue ;; esac
    ev_tags="$ev_tags$ev_tag "
    ev_journal nginx-error "$ev_tag" </dev/null
  done <"$T/ev.facts"
  # FPM error_log = syslog (tag: syslog.ident, default php-fpm): from each
  # FPM's main conf, and from main's FPM logs list when it has one.
  : >"$T/ev.fsys"
  while read -r ev_b ev_u ev_f; do
    ev_fpm_conf "$ev_b"
    [ -n "$ev_conf" ] || continue
    while read -r ev_t ev_v ev_rest; do
      [ "$ev_t" = fsys ] && [ "$ev_v" = "$ev_conf" ] && printf '%s\n' "$ev_b" >>"$T/ev.fsys"
    done <"$T/ev.facts"
  done <"$T/fpm"
  for ev_l in "$T/flogs" "$T/fpmlogs"; do
    [ -f "$ev_l" ] || continue
    while read -r ev_b ev_p ev_how; do
      case $ev_p in syslog*) printf '%s\n' "$ev_b" >>"$T/ev.fsys" ;; esac
    done <"$ev_l"
  done
  ev_seen=' '
  while read -r ev_b; do
    case $ev_b in '' | *[!A-Za-z0-9._-]*) continue ;; esac
    case $ev_seen in *" $ev_b "*) continue ;; esac
    ev_seen="$ev_seen$ev_b "
    ev_fpm_ident "$ev_b" </dev/null
    ev_journal "fpm:$ev_b" "$ev_fid" </dev/null
  done <"$T/ev.fsys"

  # ---- why a unit stopped: nginx and FPM units not active/reloading
  if [ "$SYSTEMD" = yes ]; then
    ev_id= ev_load= ev_act=
    while IFS='=' read -r ev_k ev_v; do
      case $ev_k in
        Id) ev_id=$ev_v ;;
        LoadState) ev_load=$ev_v ;;
        ActiveState) ev_act=$ev_v ;;
        '') ev_unit "$ev_id" "$ev_load" "$ev_act" </dev/null; ev_id= ev_load= ev_act= ;;
      esac
    done <"$T/services"
    ev_unit "$ev_id" "$ev_load" "$ev_act" </dev/null
  fi

  # ---- Laravel apps: a site root ending in /public with ../artisan
  while read -r ev_r; do
    case $ev_r in */public/) ev_r=${ev_r%/} ;; esac
    case $ev_r in */public) ;; *) continue ;; esac
    case $EV_ROOTS in *"
$ev_r
"*) continue ;; esac
    EV_ROOTS="$EV_ROOTS$ev_r
"
    ev_app "$ev_r" </dev/null
  done <"$T/ev.roots"
  return 0
}
