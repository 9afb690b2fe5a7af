#!/bin/sh
# fleet probe: collects every fact `fleet check` needs from one host in ONE
# round trip. Sent on stdin to `sh -s`, after the run's parameters:
#   FLEET_NONCE=... FLEET_WINDOW=SECONDS FLEET_MAXLOG=BYTES (one per line)
# so the command line (visible in `ps` to every local user) carries nothing of
# the run. `sh -s -- NONCE WINDOW_SECONDS MAX_LOG_BYTES` still works for tools.
#
# POSIX sh (dash). Output is a series of frames:
#   ==FLEET NONCE BEGIN name [key=value...]==
#   <body, bounded>
#   ==FLEET NONCE END name rc=N==
# The body is followed by one extra newline so END always starts a line; the
# parser strips it. NONCE is random per run, so no log line can forge a frame.
# Every command is guarded and bounded; a failing command loses its own
# section, never the run. Anything on stderr lands in a "NAME.stderr" frame.
#
# Everything read from the host (process titles, config values, paths, log
# lines) is data from a possibly hostile party: it is never made part of a sed
# or awk program, eval, arithmetic or a command's options. It is passed as an
# argument after `--`, in the environment (awk ENVIRON) or on stdin, and its
# shape is checked before it goes into a frame header.
set -u

N=${FLEET_NONCE:-${1:-}}
WINDOW=${FLEET_WINDOW:-${2:-3600}}
MAXLOG=${FLEET_MAXLOG:-${3:-262144}}
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

# A path that may go into a frame header (`key=value` separated by spaces) or
# be compared as a string: absolute, and only characters that cannot start
# another attribute, end the header or be read as an option.
safe_path() {
  case $1 in /*) ;; *) return 1 ;; esac
  case $1 in *[!A-Za-z0-9._/+@:,-]*) return 1 ;; esac
  return 0
}

# Scratch space; its path goes into a frame header (the FPM test copy), so it
# must have a safe shape too ($TMPDIR is the login's, not ours).
T=
for _tmp in '' /tmp /dev/shm; do
  if [ -z "$_tmp" ]; then _t=$(mktemp -d 2>/dev/null) || _t=; else _t=$(mktemp -d -p "$_tmp" 2>/dev/null) || _t=; fi
  if [ -n "$_t" ] && safe_path "$_t" && [ -d "$_t" ]; then T=$_t; break; fi
  [ -n "$_t" ] && rmdir -- "$_t" 2>/dev/null
done
if [ -z "$T" ]; then
  # Without scratch space rc/stderr cannot be kept apart; say so, collect nothing.
  begin probe-error ""
  echo "no writable temp dir (mktemp -d failed in \$TMPDIR, /tmp and /dev/shm)"
  end probe-error 1
  exit 0
fi
trap 'rm -rf "$T"' EXIT
trap 'exit 129' HUP INT TERM

# A stuck command (NFS log, wedged systemd, a FIFO where a log should be)
# costs its own frame, not the run.
if has timeout; then TO="timeout -k 2 15"; else TO=; fi

# Readers of host-named files (r_*) run in a child sh under $TO: a shell
# function cannot be given to `timeout`, and a file that turns into a FIFO
# between the `[ -f ]` test and the open must still not hang the probe.
cat >"$T/lib.sh" <<'FLEET_LIB'
# Strip comments and print `DIRECTIVE VALUE` for the named directives; rough
# on purpose (the TS side parses the config properly), only used to decide
# which paths to stat and which logs to tail. $1 is a constant of ours; it
# still goes in through ENVIRON, as every value does (awk -v interprets escapes).
directive_values() {
  sed 's/#.*//' | FLEET_WANT="$1" awk '
    BEGIN { n = split(ENVIRON["FLEET_WANT"], w, ","); for (i = 1; i <= n; i++) ok[w[i]] = 1 }
    ($1 in ok) && NF >= 2 { v = $2; sub(/;.*/, "", v); gsub(/["\047]/, "", v); print $1, v }'
}

# `nginx -T` dumps nothing when the test fails (syntax error, or a non-root
# user who cannot open the pid file). Rebuild the same format from the files
# so the config is still known. Only regular files are read.
r_nginx_files() {
  _main=$(head -n 1 "$T/nginxconf")
  [ -n "$_main" ] || _main=/etc/nginx/nginx.conf
  _dir=${_main%/*}
  printf '%s\n' "$_main" >"$T/nq"
  : >"$T/nseen"
  _i=0
  while [ -s "$T/nq" ] && [ "$_i" -lt 500 ]; do
    _f=$(head -n 1 "$T/nq")
    sed '1d' "$T/nq" >"$T/nq2"; mv "$T/nq2" "$T/nq"
    grep -Fxq -- "$_f" "$T/nseen" && continue
    printf '%s\n' "$_f" >>"$T/nseen"
    _i=$((_i + 1))
    if [ ! -f "$_f" ] || [ ! -r "$_f" ]; then printf 'cannot read %s\n' "$_f" >&2; continue; fi
    printf '# configuration file %s:\n' "$_f"
    head -c "$FILECAP" -- "$_f"
    echo
    directive_values include <"$_f" | while read -r _d _p; do
      case $_p in /*) ;; *) _p=$_dir/$_p ;; esac
      # An include is a glob; the pattern is always absolute here.
      for _g in $_p; do [ -f "$_g" ] && printf '%s\n' "$_g"; done
    done >>"$T/nq"
  done
}

# The main FPM conf ($1) and the files it includes, each after `; ==> PATH <==`.
r_fpm_files() {
  if [ ! -f "$1" ] || [ ! -r "$1" ]; then printf 'cannot read %s\n' "$1" >&2; return 1; fi
  { printf '%s\n' "$1"
    sed 's/;.*//' -- "$1" | sed -n 's/^[[:space:]]*include[[:space:]]*=[[:space:]]*//p' | tr -d '"' |
      while read -r _p; do
        # FPM resolves a relative include against its prefix (Debian: /usr).
        case $_p in /*) ;; *) _p=/usr/$_p ;; esac
        for _g in $_p; do [ -f "$_g" ] && printf '%s\n' "$_g"; done
      done
  } | head -n 200 | while read -r _g; do
    if [ -f "$_g" ] && [ -r "$_g" ]; then
      printf '; ==> %s <==\n' "$_g"
      head -c "$FILECAP" -- "$_g"
      echo
    else
      printf 'cannot read %s\n' "$_g" >&2
    fi
  done
}

r_pidfiles() {
  awk '!seen[$2]++' "$T/pidfiles" | while read -r _u _p; do
    if [ ! -e "$_p" ]; then printf '%s\n' "$_u $_p missing"; continue; fi
    if [ ! -f "$_p" ] || [ ! -r "$_p" ]; then printf '%s\n' "$_u $_p unreadable"; continue; fi
    _pid=$(head -c 32 -- "$_p" | tr -dc '0-9')
    if [ -z "$_pid" ]; then printf '%s\n' "$_u $_p empty"; continue; fi
    # /proc/PID works for any user; kill -0 says EPERM for other users' processes.
    if [ -d "/proc/$_pid" ]; then
      printf '%s\n' "$_u $_p $_pid alive $(cat "/proc/$_pid/comm" 2>/dev/null)"
    else
      printf '%s\n' "$_u $_p $_pid dead"
    fi
  done
}
FLEET_LIB
. "$T/lib.sh"
export T FILECAP
reader() { $TO sh -c '. "$0" && "$@"' "$T/lib.sh" "$@"; }

# >>> trust: test/unit/probe/trust.test.ts runs this block on its own.
# A process title is anyone's to set: a master is trusted only when it runs
# the expected binary, as root, in the probe's own PID namespace (not in a
# container on this host). Only root can check this (exe and ns/pid of a root
# process are closed to other users): for anyone else nothing is trusted.
SELFNS=$(readlink /proc/self/ns/pid 2>/dev/null) || SELFNS=
# trusted_pid PID EXE: EXE is the binary's resolved path (readlink -f).
trusted_pid() {
  case $1 in '' | *[!0-9]*) return 1 ;; esac
  [ -n "$SELFNS" ] && [ -n "$2" ] || return 1
  [ "$(readlink "/proc/$1/ns/pid" 2>/dev/null)" = "$SELFNS" ] || return 1
  [ "$(readlink "/proc/$1/exe" 2>/dev/null)" = "$2" ] || return 1
  # Real and effective uid, as this (initial user namespace) reader sees them.
  [ "$(sed -n 's/^Uid:[[:space:]]*\([0-9]*\)[[:space:]]*\([0-9]*\).*/\1 \2/p' "/proc/$1/status" 2>/dev/null)" = "0 0" ]
}
# <<< trust

# bound SPEC: head:N keeps the first N bytes, tail:N the last N (logs).
bound() {
  case $1 in
    tail:*) tail -c "${1#tail:}" ;;
    *) head -c "${1#head:}" ;;
  esac
}

# run NAME BOUND ERRCAP ATTRS CMD...: one frame for stdout (rc on END), one
# for stderr if any. Shell functions named f_* run in this shell, without
# `timeout` (they read nothing the host names, or put $TO on what they run);
# readers named r_* run in a child sh under `timeout`; commands under `timeout`.
# The last stderr stays in $T/last.err for callers that mine it.
run() {
  r_s=$1 r_b=$2 r_e=$3 r_a=$4
  shift 4
  begin "$r_s" "$r_a"
  case $1 in
    f_*) { "$@" 2>"$T/e" </dev/null; echo $? >"$T/r"; } | bound "$r_b" ;;
    r_*) { reader "$@" 2>"$T/e" </dev/null; echo $? >"$T/r"; } | bound "$r_b" ;;
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

# ---------------------------------------------------------------- system
NOW=$(date +%s)
# It goes into shell arithmetic (the kernel log window): digits only.
case $NOW in '' | *[!0-9]*) NOW=0 ;; esac
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
safe_path "$NGINX" || NGINX=
: >"$T/dump"
: >"$T/nginxconf"
if [ -n "$NGINX" ]; then
  # `nginx -V` writes to stderr; keep it as the body.
  f_nginx_v() { $TO "$NGINX" -V 2>&1; }
  run nginx-V head:65536 "$ERRCAP" "path=$NGINX" f_nginx_v
  $TO "$NGINX" -V 2>&1 | tr ' ' '\n' | sed -n 's/^--conf-path=//p' >"$T/nginxconf"
  # `nginx -T` is `nginx -t` plus the dump: its stderr and rc are the test.
  f_nginx_dump() { $TO "$NGINX" -T >"$T/dump"; n_rc=$?; head -c "$DUMPCAP" "$T/dump"; return $n_rc; }
  run nginx-T head:"$DUMPCAP" "$ERRCAP" "" f_nginx_dump
  if [ ! -s "$T/dump" ]; then
    reader r_nginx_files >"$T/dump" 2>"$T/nfe"; nf_rc=$?
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
    safe_path "$_f" && [ -x "$_f" ] && [ ! -d "$_f" ] && printf '%s\n' "$_f"
  done
done | awk -F/ '!seen[$NF]++' >"$T/fpmbins"
if [ "$SYSTEMD" = yes ]; then
  run fpm-units head:"$CMDCAP" "$ERRCAP" "" systemctl list-units --all --plain --no-legend 'php*-fpm*'
  run fpm-unit-files head:"$CMDCAP" "$ERRCAP" "" systemctl list-unit-files --no-legend 'php*-fpm*'
  $TO systemctl list-unit-files --no-legend 'php*-fpm*' 2>/dev/null | awk '{print $1}' >"$T/fpmunits"
  $TO systemctl list-units --all --plain --no-legend 'php*-fpm*' 2>/dev/null | awk '{print $1}' >>"$T/fpmunits"
else
  : >"$T/fpmunits"
fi
# One line per install: BINARY_NAME UNIT BINARY_PATH. Names and units go into
# frame headers and command lines: only the shapes FPM packages use.
{
  while read -r _f; do
    _b=${_f##*/}
    case $_b in php-fpm) _u=php-fpm ;; *) _u=php${_b#php-fpm}-fpm ;; esac
    printf '%s\n' "$_b $_u $_f"
  done <"$T/fpmbins"
  sed -n 's/\.service$//p' "$T/fpmunits" | sort -u | while read -r _u; do
    case $_u in php-fpm) _b=php-fpm ;; php*-fpm) _b=php-fpm${_u#php}; _b=${_b%-fpm} ;; *) continue ;; esac
    printf '%s\n' "$_b $_u -"
  done
} | awk '$1 ~ /^php-fpm[0-9.]*$/ && $2 ~ /^php[0-9.]*-fpm$|^php-fpm$/ && !seen[$1]++' >"$T/fpm"

: >"$T/fpmlisten"
: >"$T/fpmlogs"
: >"$T/pidfiles"
# Masters by title, "php-fpm: master process (CONF)": PID CONF per line. The
# title is only a claim; trusted_pid decides (root only).
# ps reads every process's command line, which another user can make block.
$TO ps -e -o pid=,comm=,args= 2>/dev/null >"$T/procs"
if [ "$(id -u)" = 0 ]; then PROBE_ROOT=yes; else PROBE_ROOT=no; fi
# fpm_master NAME EXE: sets f_main (the conf of the running master, when one
# is trusted) and f_trust (verified | ignored | unverified | '' for no title).
fpm_master() {
  f_main= f_trust=
  B=$1 awk '$2 == ENVIRON["B"] {
      i = index($0, "master process ("); if (i == 0) next
      p = substr($0, i + 16); if (p !~ /\)$/) next
      print $1, substr(p, 1, length(p) - 1) }' "$T/procs" >"$T/cand"
  [ -s "$T/cand" ] || return 0
  if [ "$PROBE_ROOT" != yes ]; then f_trust=unverified; return 0; fi
  f_trust=ignored
  while read -r _mp _mc; do
    if trusted_pid "$_mp" "$2" && safe_path "$_mc"; then f_main=$_mc f_trust=verified; return 0; fi
  done <"$T/cand"
}
# f_fpm_test: FPM's test writes its output (the whole -tt dump too) to the
# live error_log when it can open it: every probe run would flood the very log
# we tail. Test a copy of the main conf whose error_log is /dev/null instead
# (FPM still prints everything to stderr); includes are absolute or
# prefix-relative, so the copy resolves the same pool files. Messages name the
# copy ($T/fpm.conf): the frame says `copy=` and `main=`, and the controller
# maps one to the other (a plain string replace, never a sed program built
# from a path).
f_fpm_test() {
  if [ -n "$f_copy" ]; then
    # Blank (not delete) the old lines so FILE:LINE in errors stays true;
    # a reopened [global] at the end takes the override.
    { $TO sed 's/^[[:space:]]*error_log[[:space:]]*=.*//' -- "$f_main"
      printf '\n[global]\nerror_log = /dev/null\n'; } >"$T/fpm.conf"
    $TO "$f_bin" -tt -y "$T/fpm.conf" >&2
  else
    $TO "$f_bin" -tt >&2
  fi
}
while read -r _b _u _f; do
  _v=${_b#php-fpm}
  if [ "$_f" != - ] && [ -z "$_v" ]; then
    _v=$($TO "$_f" -v 2>/dev/null | sed -n '1s/^PHP \([0-9]*\.[0-9]*\).*/\1/p')
  fi
  _exe=
  [ "$_f" != - ] && _exe=$(readlink -f -- "$_f" 2>/dev/null)
  fpm_master "$_b" "$_exe"
  if [ -z "$f_main" ]; then
    for _c in "/etc/php/$_v/fpm/php-fpm.conf" /etc/php-fpm.conf /usr/local/etc/php-fpm.conf; do
      [ -f "$_c" ] && { f_main=$_c; break; }
    done
  fi
  begin fpm "name=$_b unit=$_u path=$_f version=$_v${f_main:+ main=$f_main}${f_trust:+ master=$f_trust}"
  end fpm 0
  [ "$_f" = - ] && continue
  f_bin=$_f
  f_copy=
  [ -n "$f_main" ] && [ -f "$f_main" ] && [ -r "$f_main" ] && f_copy=$T/fpm.conf
  # -tt both tests (rc) and dumps the effective config (stderr).
  run fpm-tt head:"$CMDCAP" "$DUMPCAP" "name=$_b${f_copy:+ copy=$f_copy main=$f_main}" f_fpm_test
  [ -f "$T/last.err" ] && mv -f "$T/last.err" "$T/tt" || : >"$T/tt"
  if [ -n "$f_main" ]; then
    reader r_fpm_files "$f_main" >"$T/ff" 2>"$T/ffe"; ff_rc=$?
    f_fpm_files_emit() { cat "$T/ff"; cat "$T/ffe" >&2; return $ff_rc; }
    run fpm-files head:"$DUMPCAP" "$ERRCAP" "name=$_b main=$f_main" f_fpm_files_emit
    sed 's/;.*//' "$T/ff" | B=$_b awk '
      /^[ \t]*(listen|error_log)[ \t]*=/ { k = $0; sub(/=.*/, "", k); gsub(/[ \t]/, "", k)
        v = $0; sub(/^[^=]*=[ \t]*/, "", v); sub(/[ \t]*$/, "", v); gsub(/["\047]/, "", v)
        if (k == "listen") { print v > "/dev/stderr"; next }
        # FPM resolves a relative error_log against its localstatedir (/var).
        if (v !~ /^\// && v !~ /^syslog/) v = "/var/" v
        print ENVIRON["B"], v, "explicit" }' >>"$T/fpmlogs" 2>>"$T/fpmlisten"
  fi
  sed -n 's/.*NOTICE:[[:space:]]*listen = //p' "$T/tt" >>"$T/fpmlisten"
  _pid=$(sed -n 's/.*NOTICE:[[:space:]]*pid = //p' "$T/tt" | head -n 1)
  printf '%s\n' "$_u ${_pid:-/run/php/php$_v-fpm.pid}" >>"$T/pidfiles"
  [ -n "$_v" ] && printf '%s\n' "$_b /var/log/php$_v-fpm.log default" >>"$T/fpmlogs"
done <"$T/fpm"

# ---------------------------------------------------------------- services
_units="nginx $(awk '{print $2}' "$T/fpm" | tr '\n' ' ')"
if [ "$SYSTEMD" = yes ]; then
  # shellcheck disable=SC2086
  run services head:"$CMDCAP" "$ERRCAP" "manager=systemd" systemctl show \
    -p Id,LoadState,ActiveState,SubState,MainPID,NRestarts,Result,UnitFileState,ExecMainStatus $_units
  # shellcheck disable=SC2086
  $TO systemctl show -p Id,LoadState,ActiveState $_units >"$T/services" 2>/dev/null
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
run pidfiles head:16384 "$ERRCAP" "" r_pidfiles
if has ps; then
  # Only processes of this PID namespace: nginx and FPM running in containers
  # on this host are not this host's services (their RSS is not ours either).
  # Where the namespace cannot be read (not root, or a ps without `pidns`)
  # the row is kept, as before.
  f_ps() {
    _ns=$(ps -o pidns= -p $$ 2>/dev/null | tr -d ' ')
    case $_ns in
      '' | *[!0-9]*) $TO ps -e -o pid=,ppid=,rss=,comm=,args= | awk '$4 ~ /^(nginx|php-fpm)/' | cut -c 1-300 ;;
      *) $TO ps -e -o pidns=,pid=,ppid=,rss=,comm=,args= |
        NS=$_ns awk '($1 == ENVIRON["NS"] || $1 == "-") && $5 ~ /^(nginx|php-fpm)/ { sub(/^[ \t]*[^ \t]+[ \t]*/, ""); print }' | cut -c 1-300 ;;
    esac
  }
  run ps head:"$CMDCAP" "$ERRCAP" "" f_ps
fi

# ---------------------------------------------------------------- sockets
{
  sed 's/#.*//' "$T/dump" | grep -E '(_pass|server)[[:space:]]' | sed -n 's/.*unix:\([^;:[:space:]"]*\).*/\1/p'
  sed 's/^[[:space:]]*//; s/[[:space:]]*$//' "$T/fpmlisten" | grep '^/'
  for _s in /run/php/*.sock /var/run/php/*.sock /run/php-fpm/*.sock; do [ -e "$_s" ] && printf '%s\n' "$_s"; done
} | awk '/^\// && !seen[$0]++' >"$T/socks"
# Connecting needs search permission on every parent directory too; -L
# because connect() follows symlinks (a dangling one is a missing socket).
awk '{ p = $0; while (sub(/\/[^\/]*$/, "", p) && p != "") print p }' "$T/socks" | awk '!seen[$0]++' >"$T/dirs"
if [ -s "$T/socks" ]; then
  f_stat() { cat "$T/socks" "$T/dirs" | tr '\n' '\0' | xargs -0 stat -L -c '%F|%U|%G|%a|%n' --; }
  run stat head:"$CMDCAP" "$ERRCAP" "" f_stat
  if has getfacl; then
    f_acl() { while read -r _p; do [ -e "$_p" ] && getfacl -p -- "$_p"; done <"$T/socks"; }
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
    [ -n "$NGINX" ] && $TO "$NGINX" -V 2>&1 | tr ' ' '\n' | sed -n 's/^--user=//p'
    echo nobody; echo www-data; echo nginx
  } | awk '!seen[$0]++' | while read -r _n; do
    # A user name, never an option.
    case $_n in '' | -* | *[!A-Za-z0-9._-]*) continue ;; esac
    _id=$(id -- "$_n" 2>/dev/null) && printf '%s\n' "$_n $_id"
  done
  return 0
}
run users head:65536 "$ERRCAP" "" f_users

# ---------------------------------------------------------------- logs
# skipped NAME ATTRS WHY: a frame that failed without running anything.
skipped() {
  begin "$1" "$2"; end "$1" 1
  begin "$1.stderr" "$2"; printf '%s\n' "$3" | head -c 1024; end "$1.stderr" 0
}
log() {
  # log KIND PATH: skip what is not a file path (syslog:, stderr, off, $var).
  case $2 in '' | off | stderr | syslog* | memory:* | /dev/* | *'$'*) return ;; esac
  if ! safe_path "$2"; then
    skipped log "kind=$1" "log path is not a plain absolute path, not read: $2"
    return
  fi
  # Only a regular file is read: a FIFO (or a device) at a log path would
  # block the reader. `tail` still runs under $TO, for a swap after the test.
  _st=$(stat -L -c '%F|%s' -- "$2" 2>/dev/null) || _st=
  case $_st in
    'regular file|'* | 'regular empty file|'*)
      printf '%s\n' "$1 $2 ${_st##*|}" >>"$T/logpaths"
      run log head:"$MAXLOG" "$ERRCAP" "kind=$1 path=$2 size=${_st##*|}" tail -c "$MAXLOG" -- "$2" ;;
    '') run log head:"$MAXLOG" "$ERRCAP" "kind=$1 path=$2" tail -c "$MAXLOG" -- "$2" ;;
    *) skipped log "kind=$1 path=$2" "not a regular file (${_st%%|*}), not read" ;;
  esac
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
    if [ -n "$($TO dmesg 2>>"$T/kattempts" | head -c 1)" ]; then _ksrc=dmesg; else echo "dmesg: no output" >>"$T/kattempts"; fi
  else
    echo "dmesg: not found" >>"$T/kattempts"
  fi
fi
if [ $_ksrc = none ]; then
  if [ -f /var/log/kern.log ] && [ -r /var/log/kern.log ]; then
    _ksrc=file
  elif [ -e /var/log/kern.log ]; then
    echo "file: /var/log/kern.log: Permission denied" >>"$T/kattempts"
  else
    echo "file: /var/log/kern.log: not found" >>"$T/kattempts"
  fi
fi
f_kjournal() { $TO journalctl -k --since "@$((NOW - WINDOW))" -o short-iso --no-pager -q | tail -c "$MAXLOG"; }
f_kdmesg() { $TO dmesg -T | tail -c "$MAXLOG"; }
case $_ksrc in
  journal) run kernel head:"$MAXLOG" "$ERRCAP" "source=journal" f_kjournal ;;
  dmesg) run kernel head:"$MAXLOG" "$ERRCAP" "source=dmesg" f_kdmesg ;;
  file) run kernel head:"$MAXLOG" "$ERRCAP" "source=file path=/var/log/kern.log" tail -c "$MAXLOG" -- /var/log/kern.log ;;
esac
f_kattempts() { head -c 4096 "$T/kattempts"; }
run kernel-attempts head:8192 "$ERRCAP" "source=$_ksrc" f_kattempts

# ---------------------------------------------------------------- memory
f_meminfo() { grep -E '^(MemTotal|MemAvailable):' /proc/meminfo; }
run meminfo head:4096 "$ERRCAP" "" f_meminfo

if has evidence; then evidence; else skipped evidence "" "the evidence section (evidence.sh) was not sent with this probe"; fi
begin done ""
end done 0
}

main </dev/null
