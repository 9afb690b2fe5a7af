#!/bin/sh
# fleet probe: collects every fact `fleet check` needs from one host in ONE
# round trip. Sent on stdin:  sh -s -- NONCE WINDOW_SECONDS MAX_LOG_BYTES
#
# POSIX sh (dash). Output is a series of frames:
#   ==FLEET NONCE BEGIN name [key=value...]==
#   <body, bounded>
#   ==FLEET NONCE END name rc=N==
# The body is followed by one extra newline so END always starts a line; the
# parser strips it. NONCE is random per run, so no log line can forge a frame.
# Every command is guarded and bounded; a failing command loses its own
# section, never the run. Anything on stderr lands in a "NAME.stderr" frame.
set -u

N=${1:-}
WINDOW=${2:-3600}
MAXLOG=${3:-262144}
case $N in '' | *[!A-Za-z0-9]*) echo "fleet probe: NONCE must be alphanumeric" >&2; exit 2 ;; esac
case $WINDOW in '' | *[!0-9]*) echo "fleet probe: WINDOW_SECONDS must be a number" >&2; exit 2 ;; esac
case $MAXLOG in '' | *[!0-9]*) echo "fleet probe: MAX_LOG_BYTES must be a number" >&2; exit 2 ;; esac

# Non-login SSH sessions of non-root users often lack the sbin directories.
PATH=$PATH:/usr/local/sbin:/usr/sbin:/sbin:/usr/local/bin:/usr/bin:/bin
export PATH
# Stable, untranslated messages (stat %F, "Permission denied") for the parser.
LC_ALL=C
export LC_ALL

# Everything runs inside main(), called with stdin from /dev/null: `sh -s`
# reads this script from stdin, so a command that read stdin would eat the
# rest of the script; and the shell parses main() whole before running it.
main() {
ERRCAP=65536       # per stderr frame
CMDCAP=262144      # per ordinary command output
DUMPCAP=4194304    # nginx -T / FPM -tt: big configs are legitimate
FILECAP=1048576    # one config file in the fallback dumps

has() { command -v "$1" >/dev/null 2>&1; }

begin() { printf '==FLEET %s BEGIN %s%s==\n' "$N" "$1" "${2:+ $2}"; }
end() { printf '\n==FLEET %s END %s rc=%s==\n' "$N" "$1" "$2"; }

T=$(mktemp -d 2>/dev/null) || T=$(mktemp -d -p /dev/shm 2>/dev/null) || T=
if [ -z "$T" ] || [ ! -d "$T" ]; then
  # Without scratch space rc/stderr cannot be kept apart; say so, collect nothing.
  begin probe-error ""
  echo "no writable temp dir (mktemp -d failed in \$TMPDIR, /tmp and /dev/shm)"
  end probe-error 1
  exit 0
fi
trap 'rm -rf "$T"' EXIT
trap 'exit 129' HUP INT TERM

# A stuck command (NFS log, wedged systemd) costs its own frame, not the run.
if has timeout; then TO="timeout -k 2 15"; else TO=; fi

# bound SPEC: head:N keeps the first N bytes, tail:N the last N (logs).
bound() {
  case $1 in
    tail:*) tail -c "${1#tail:}" ;;
    *) head -c "${1#head:}" ;;
  esac
}

# run NAME BOUND ERRCAP ATTRS CMD...: one frame for stdout (rc on END), one
# for stderr if any. Shell functions (named f_*) run without `timeout`.
# The last stderr stays in $T/last.err for callers that mine it.
run() {
  r_s=$1 r_b=$2 r_e=$3 r_a=$4
  shift 4
  begin "$r_s" "$r_a"
  case $1 in
    f_*) { "$@" 2>"$T/e" </dev/null; echo $? >"$T/r"; } | bound "$r_b" ;;
    *) { $TO "$@" 2>"$T/e" </dev/null; echo $? >"$T/r"; } | bound "$r_b" ;;
  esac
  r_rc=$(cat "$T/r" 2>/dev/null)
  end "$r_s" "${r_rc:-255}"
  if [ -s "$T/e" ]; then
    begin "$r_s.stderr" "$r_a"
    head -c "$r_e" "$T/e"
    end "$r_s.stderr" 0
  fi
  mv -f "$T/e" "$T/last.err"
  rm -f "$T/r"
}

# Strip comments and print `DIRECTIVE VALUE` for the named directives; rough
# on purpose (the TS side parses the config properly), only used to decide
# which paths to stat and which logs to tail.
directive_values() {
  sed 's/#.*//' | awk -v want="$1" '
    BEGIN { n = split(want, w, ","); for (i = 1; i <= n; i++) ok[w[i]] = 1 }
    ($1 in ok) && NF >= 2 { v = $2; sub(/;.*/, "", v); gsub(/["\047]/, "", v); print $1, v }'
}

# ---------------------------------------------------------------- system
NOW=$(date +%s)
f_system() {
  echo "hostname=$(uname -n)"
  echo "now=$NOW"
  echo "utc_offset=$(date +%z)"
  echo "kernel=$(uname -r)"
  if [ -d /run/systemd/system ]; then echo "init=systemd"; else echo "init=other"; fi
  echo "uid=$(id -u)"
  echo "user=$(id -un 2>/dev/null)"
  if has systemctl; then echo "systemctl=yes"; else echo "systemctl=no"; fi
  echo "window=$WINDOW"
  echo "max_log_bytes=$MAXLOG"
}
run system head:4096 "$ERRCAP" "" f_system
SYSTEMD=no
if [ -d /run/systemd/system ] && has systemctl; then SYSTEMD=yes; fi

# ---------------------------------------------------------------- nginx
NGINX=$(command -v nginx 2>/dev/null) || NGINX=
: >"$T/dump"
: >"$T/nginxconf"
if [ -n "$NGINX" ]; then
  # `nginx -V` writes to stderr; keep it as the body.
  f_nginx_v() { "$NGINX" -V 2>&1; }
  run nginx-V head:65536 "$ERRCAP" "path=$NGINX" f_nginx_v
  "$NGINX" -V 2>&1 | tr ' ' '\n' | sed -n 's/^--conf-path=//p' >"$T/nginxconf"
  # `nginx -T` is `nginx -t` plus the dump: its stderr and rc are the test.
  f_nginx_dump() { $TO "$NGINX" -T >"$T/dump"; n_rc=$?; head -c "$DUMPCAP" "$T/dump"; return $n_rc; }
  run nginx-T head:"$DUMPCAP" "$ERRCAP" "" f_nginx_dump
  if [ ! -s "$T/dump" ]; then
    # `nginx -T` dumps nothing when the test fails (syntax error, or a
    # non-root user who cannot open the pid file). Rebuild the same format
    # from the files so the config is still known.
    f_nginx_files() {
      _main=$(head -n 1 "$T/nginxconf")
      [ -n "$_main" ] || _main=/etc/nginx/nginx.conf
      _dir=${_main%/*}
      echo "$_main" >"$T/nq"
      : >"$T/nseen"
      _i=0
      while [ -s "$T/nq" ] && [ $_i -lt 500 ]; do
        _f=$(head -n 1 "$T/nq")
        sed '1d' "$T/nq" >"$T/nq2"; mv "$T/nq2" "$T/nq"
        grep -Fxq -- "$_f" "$T/nseen" && continue
        echo "$_f" >>"$T/nseen"
        _i=$((_i + 1))
        if [ ! -r "$_f" ]; then echo "cannot read $_f" >&2; continue; fi
        printf '# configuration file %s:\n' "$_f"
        head -c "$FILECAP" "$_f"
        echo
        directive_values include <"$_f" | while read -r _d _p; do
          case $_p in /*) ;; *) _p=$_dir/$_p ;; esac
          for _g in $_p; do [ -f "$_g" ] && echo "$_g"; done
        done >>"$T/nq"
      done
    }
    f_nginx_files >"$T/dump" 2>"$T/nfe"; nf_rc=$?
    f_nginx_files_emit() { head -c "$DUMPCAP" "$T/dump"; cat "$T/nfe" >&2; return $nf_rc; }
    run nginx-files head:"$DUMPCAP" "$ERRCAP" "" f_nginx_files_emit
  fi
fi

# ---------------------------------------------------------------- PHP-FPM
# Binaries on PATH (Debian php-fpmX.Y, RHEL php-fpm) and units systemd knows.
: >"$T/fpm"
for _d in $(echo "$PATH" | tr ':' ' '); do
  for _f in "$_d"/php-fpm*; do
    case ${_f##*/} in php-fpm | php-fpm[0-9]*) ;; *) continue ;; esac
    [ -x "$_f" ] && [ ! -d "$_f" ] && echo "$_f"
  done
done | awk -F/ '!seen[$NF]++' >"$T/fpmbins"
if [ "$SYSTEMD" = yes ]; then
  run fpm-units head:"$CMDCAP" "$ERRCAP" "" systemctl list-units --all --plain --no-legend 'php*-fpm*'
  run fpm-unit-files head:"$CMDCAP" "$ERRCAP" "" systemctl list-unit-files --no-legend 'php*-fpm*'
  systemctl list-unit-files --no-legend 'php*-fpm*' 2>/dev/null | awk '{print $1}' >"$T/fpmunits"
  systemctl list-units --all --plain --no-legend 'php*-fpm*' 2>/dev/null | awk '{print $1}' >>"$T/fpmunits"
else
  : >"$T/fpmunits"
fi
# One line per install: BINARY_NAME UNIT BINARY_PATH
{
  while read -r _f; do
    _b=${_f##*/}
    case $_b in php-fpm) _u=php-fpm ;; *) _u=php${_b#php-fpm}-fpm ;; esac
    echo "$_b $_u $_f"
  done <"$T/fpmbins"
  sed -n 's/\.service$//p' "$T/fpmunits" | sort -u | while read -r _u; do
    case $_u in php-fpm) _b=php-fpm ;; php*-fpm) _b=php-fpm${_u#php}; _b=${_b%-fpm} ;; *) continue ;; esac
    echo "$_b $_u -"
  done
} | awk '!seen[$1]++' >"$T/fpm"

: >"$T/fpmlisten"
: >"$T/fpmlogs"
: >"$T/pidfiles"
# Main conf of each running master, from its title "master process (CONF)".
ps -e -o comm=,args= 2>/dev/null | sed -n 's/^\(php-fpm[^ ]*\) .*master process (\(.*\))$/\1 \2/p' >"$T/fpmmasters"
f_fpm_files() {
  if [ ! -r "$f_main" ]; then echo "cannot read $f_main" >&2; return 1; fi
  { echo "$f_main"
    sed 's/;.*//' "$f_main" | sed -n 's/^[[:space:]]*include[[:space:]]*=[[:space:]]*//p' | tr -d '"' |
      while read -r _p; do
        # FPM resolves a relative include against its prefix (Debian: /usr).
        case $_p in /*) ;; *) _p=/usr/$_p ;; esac
        for _g in $_p; do [ -f "$_g" ] && echo "$_g"; done
      done
  } | head -n 200 | while read -r _g; do
    if [ -r "$_g" ]; then
      printf '; ==> %s <==\n' "$_g"
      head -c "$FILECAP" "$_g"
      echo
    else
      echo "cannot read $_g" >&2
    fi
  done
}
# FPM's test writes its output (the whole -tt dump too) to the live error_log
# when it can open it: every probe run would flood the very log we tail. Test
# a copy of the main conf whose error_log is /dev/null instead (FPM still
# prints everything to stderr); includes are absolute or prefix-relative, so
# the copy resolves the same pool files. Messages naming the copy are mapped
# back to the real path.
f_fpm_test() {
  if [ -n "$f_main" ] && [ -r "$f_main" ]; then
    # Blank (not delete) the old lines so FILE:LINE in errors stays true;
    # a reopened [global] at the end takes the override.
    { sed 's/^[[:space:]]*error_log[[:space:]]*=.*//' "$f_main"
      printf '\n[global]\nerror_log = /dev/null\n'; } >"$T/fpm.conf"
    # Through a file, not a pipe: a pipeline's status is sed's, and FPM's is the test result.
    $TO "$f_bin" -tt -y "$T/fpm.conf" >"$T/fpm-tt.out" 2>&1
    _tt_rc=$?
    sed "s#$T/fpm.conf#$f_main#g" "$T/fpm-tt.out" >&2
    return $_tt_rc
  else
    $TO "$f_bin" -tt >&2
  fi
}
while read -r _b _u _f; do
  _v=${_b#php-fpm}
  if [ "$_f" != - ] && [ -z "$_v" ]; then
    _v=$("$_f" -v 2>/dev/null | sed -n '1s/^PHP \([0-9]*\.[0-9]*\).*/\1/p')
  fi
  f_main=$(awk -v b="$_b" '$1 == b { print $2; exit }' "$T/fpmmasters")
  if [ -z "$f_main" ]; then
    for _c in "/etc/php/$_v/fpm/php-fpm.conf" /etc/php-fpm.conf /usr/local/etc/php-fpm.conf; do
      [ -f "$_c" ] && { f_main=$_c; break; }
    done
  fi
  begin fpm "name=$_b unit=$_u path=$_f version=$_v${f_main:+ main=$f_main}"
  end fpm 0
  [ "$_f" = - ] && continue
  f_bin=$_f
  # -tt both tests (rc) and dumps the effective config (stderr).
  run fpm-tt head:"$CMDCAP" "$DUMPCAP" "name=$_b" f_fpm_test
  [ -f "$T/last.err" ] && mv -f "$T/last.err" "$T/tt" || : >"$T/tt"
  if [ -n "$f_main" ]; then
    f_fpm_files >"$T/ff" 2>"$T/ffe"; ff_rc=$?
    f_fpm_files_emit() { cat "$T/ff"; cat "$T/ffe" >&2; return $ff_rc; }
    run fpm-files head:"$DUMPCAP" "$ERRCAP" "name=$_b main=$f_main" f_fpm_files_emit
    sed 's/;.*//' "$T/ff" | awk -v b="$_b" '
      /^[ \t]*(listen|error_log)[ \t]*=/ { k = $0; sub(/=.*/, "", k); gsub(/[ \t]/, "", k)
        v = $0; sub(/^[^=]*=[ \t]*/, "", v); sub(/[ \t]*$/, "", v); gsub(/["\047]/, "", v)
        if (k == "listen") { print v > "/dev/stderr"; next }
        # FPM resolves a relative error_log against its localstatedir (/var).
        if (v !~ /^\// && v !~ /^syslog/) v = "/var/" v
        print b, v, "explicit" }' >>"$T/fpmlogs" 2>>"$T/fpmlisten"
  fi
  sed -n 's/.*NOTICE:[[:space:]]*listen = //p' "$T/tt" >>"$T/fpmlisten"
  _pid=$(sed -n 's/.*NOTICE:[[:space:]]*pid = //p' "$T/tt" | head -n 1)
  echo "$_u ${_pid:-/run/php/php$_v-fpm.pid}" >>"$T/pidfiles"
  [ -n "$_v" ] && echo "$_b /var/log/php$_v-fpm.log default" >>"$T/fpmlogs"
done <"$T/fpm"

# ---------------------------------------------------------------- services
_units="nginx $(awk '{print $2}' "$T/fpm" | tr '\n' ' ')"
if [ "$SYSTEMD" = yes ]; then
  # shellcheck disable=SC2086
  run services head:"$CMDCAP" "$ERRCAP" "manager=systemd" systemctl show \
    -p Id,LoadState,ActiveState,SubState,MainPID,NRestarts,Result,UnitFileState,ExecMainStatus $_units
else
  for _u in $_units; do
    if has service; then
      run service-status head:16384 "$ERRCAP" "unit=$_u" service "$_u" status
    elif [ -x "/etc/init.d/$_u" ]; then
      run service-status head:16384 "$ERRCAP" "unit=$_u" "/etc/init.d/$_u" status
    fi
  done
fi
# Pid files answer "is it running" with or without a service manager.
_np=$(directive_values pid <"$T/dump" | awk '{print $2; exit}')
echo "nginx ${_np:-/run/nginx.pid}" >>"$T/pidfiles"
for _p in /run/php/php*-fpm.pid /run/php-fpm/php-fpm.pid; do
  [ -f "$_p" ] || continue
  _b=${_p##*/}
  echo "${_b%.pid} $_p" >>"$T/pidfiles"
done
f_pidfiles() {
  awk '!seen[$2]++' "$T/pidfiles" | while read -r _u _p; do
    if [ ! -e "$_p" ]; then echo "$_u $_p missing"; continue; fi
    if [ ! -r "$_p" ]; then echo "$_u $_p unreadable"; continue; fi
    _pid=$(head -c 32 "$_p" | tr -dc '0-9')
    if [ -z "$_pid" ]; then echo "$_u $_p empty"; continue; fi
    # /proc/PID works for any user; kill -0 says EPERM for other users' processes.
    if [ -d "/proc/$_pid" ]; then
      echo "$_u $_p $_pid alive $(cat "/proc/$_pid/comm" 2>/dev/null)"
    else
      echo "$_u $_p $_pid dead"
    fi
  done
}
run pidfiles head:16384 "$ERRCAP" "" f_pidfiles
if has ps; then
  f_ps() { ps -e -o pid=,ppid=,rss=,comm=,args= | awk '$4 ~ /^(nginx|php-fpm)/' | cut -c 1-300; }
  run ps head:"$CMDCAP" "$ERRCAP" "" f_ps
fi

# ---------------------------------------------------------------- sockets
{
  sed 's/#.*//' "$T/dump" | grep -E '(_pass|server)[[:space:]]' | sed -n 's/.*unix:\([^;:[:space:]"]*\).*/\1/p'
  sed 's/^[[:space:]]*//; s/[[:space:]]*$//' "$T/fpmlisten" | grep '^/'
  for _s in /run/php/*.sock /var/run/php/*.sock /run/php-fpm/*.sock; do [ -e "$_s" ] && echo "$_s"; done
} | awk '!seen[$0]++' >"$T/socks"
# Connecting needs search permission on every parent directory too; -L
# because connect() follows symlinks (a dangling one is a missing socket).
awk '{ p = $0; while (sub(/\/[^\/]*$/, "", p) && p != "") print p }' "$T/socks" | awk '!seen[$0]++' >"$T/dirs"
if [ -s "$T/socks" ]; then
  f_stat() { cat "$T/socks" "$T/dirs" | tr '\n' '\0' | xargs -0 stat -L -c '%F|%U|%G|%a|%n'; }
  run stat head:"$CMDCAP" "$ERRCAP" "" f_stat
  if has getfacl; then
    f_acl() { while read -r _p; do [ -e "$_p" ] && getfacl -p "$_p"; done <"$T/socks"; }
    run acl head:"$CMDCAP" "$ERRCAP" "" f_acl
  fi
fi
if has ss; then
  run ss-unix head:"$CMDCAP" "$ERRCAP" "" ss -xlpn
  run ss-tcp head:"$CMDCAP" "$ERRCAP" "" ss -ltnp
else
  # Listening unix sockets carry the __SO_ACCEPTCON flag (00010000).
  f_proc_unix() { awk 'NR == 1 || $4 == "00010000"' /proc/net/unix; }
  run proc-net-unix head:"$CMDCAP" "$ERRCAP" "" f_proc_unix
  f_proc_tcp() { cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | awk '$4 == "0A"'; }
  run proc-net-tcp head:"$CMDCAP" "$ERRCAP" "" f_proc_tcp
fi

# ---------------------------------------------------------------- users
# Every name the nginx worker may run as: the `user` directive, the compiled
# default, and the usual distro accounts (the TS side decides which applies).
f_users() {
  {
    directive_values user <"$T/dump" | awk '{print $2}'
    [ -n "$NGINX" ] && "$NGINX" -V 2>&1 | tr ' ' '\n' | sed -n 's/^--user=//p'
    echo nobody; echo www-data; echo nginx
  } | awk '!seen[$0]++' | while read -r _n; do
    _id=$(id "$_n" 2>/dev/null) && echo "$_n $_id"
  done
  return 0
}
run users head:65536 "$ERRCAP" "" f_users

# ---------------------------------------------------------------- logs
f_tail() { tail -c "$MAXLOG" "$1"; }
log() {
  # log KIND PATH: skip what is not a file path (syslog:, stderr, off, $var).
  case $2 in '' | off | stderr | syslog* | memory:* | /dev/* | *'$'*) return ;; esac
  _sz=$(stat -c %s "$2" 2>/dev/null) || _sz=
  run log head:"$MAXLOG" "$ERRCAP" "kind=$1 path=$2${_sz:+ size=$_sz}" f_tail "$2"
}
{
  directive_values error_log,access_log <"$T/dump" | awk '{print $1, $2, "explicit"}'
  # Debian defaults, tailed only when present (a dump may be missing).
  echo error_log /var/log/nginx/error.log default
  echo access_log /var/log/nginx/access.log default
} | awk '!seen[$2]++' | while read -r _k _p _how; do
  [ "$_how" = default ] && [ ! -e "$_p" ] && continue
  case $_k in error_log) log nginx-error "$_p" ;; *) log nginx-access "$_p" ;; esac
done
awk '!seen[$2]++' "$T/fpmlogs" | while read -r _b _p _how; do
  # The Debian default is only a guess: tail it only if it exists.
  [ "$_how" = default ] && [ ! -e "$_p" ] && continue
  log "fpm:$_b" "$_p"
done

# ---------------------------------------------------------------- kernel
# journald in a container never reads /dev/kmsg, and a user outside
# adm/systemd-journal sees only their own journal: an empty kernel journal
# means "not collected", so try dmesg and kern.log next. Denied is recorded,
# never an alarm.
: >"$T/kattempts"
_ksrc=none
if has journalctl; then
  if [ -n "$($TO journalctl -k -q -n 1 --no-pager 2>>"$T/kattempts")" ]; then
    _ksrc=journal
  else
    echo "journal: no kernel messages visible" >>"$T/kattempts"
  fi
else
  echo "journal: journalctl not found" >>"$T/kattempts"
fi
if [ $_ksrc = none ]; then
  if has dmesg; then
    if [ -n "$(dmesg 2>>"$T/kattempts" | head -c 1)" ]; then _ksrc=dmesg; else echo "dmesg: no output" >>"$T/kattempts"; fi
  else
    echo "dmesg: not found" >>"$T/kattempts"
  fi
fi
if [ $_ksrc = none ]; then
  if [ -r /var/log/kern.log ]; then
    _ksrc=file
  elif [ -e /var/log/kern.log ]; then
    echo "file: /var/log/kern.log: Permission denied" >>"$T/kattempts"
  else
    echo "file: /var/log/kern.log: not found" >>"$T/kattempts"
  fi
fi
f_kjournal() { journalctl -k --since "@$((NOW - WINDOW))" -o short-iso --no-pager -q | tail -c "$MAXLOG"; }
f_kdmesg() { dmesg -T | tail -c "$MAXLOG"; }
case $_ksrc in
  journal) run kernel head:"$MAXLOG" "$ERRCAP" "source=journal" f_kjournal ;;
  dmesg) run kernel head:"$MAXLOG" "$ERRCAP" "source=dmesg" f_kdmesg ;;
  file) run kernel head:"$MAXLOG" "$ERRCAP" "source=file path=/var/log/kern.log" f_tail /var/log/kern.log ;;
esac
f_kattempts() { head -c 4096 "$T/kattempts"; }
run kernel-attempts head:8192 "$ERRCAP" "source=$_ksrc" f_kattempts

# ---------------------------------------------------------------- memory
f_meminfo() { grep -E '^(MemTotal|MemAvailable):' /proc/meminfo; }
run meminfo head:4096 "$ERRCAP" "" f_meminfo

begin done ""
end done 0
}

main </dev/null
