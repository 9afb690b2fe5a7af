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
#
# Footprint (issue 10): every process counts (dash forks for each external
# command and each `$( )`; `timeout` is one more). So: builtins (`read`,
# `case`, `printf`, parameter expansion) wherever they do the job, /proc files
# read with `read`, a command's output kept in a scratch file and copied into
# its frame by the shell when it is small, one awk for several text jobs,
# `timeout` only around what reads host-named files or can hang (a wedged
# systemd, NFS, a FIFO at a log path, a process whose cmdline blocks `ps`).
main() {
ERRCAP=65536       # per stderr frame
CMDCAP=262144      # per ordinary command output
DUMPCAP=4194304    # nginx -T / FPM -tt: big configs are legitimate
FILECAP=1048576    # one config file in the fallback dumps
NL='
'
_IFS0=$IFS

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

# emit CAP FILE: FILE (ours) as a frame body, at most CAP bytes. Small files
# are copied by the shell's own `read` (no process; dash reads byte by byte,
# so only up to 4 KiB), bigger ones by `head -c`. Exact for text: a last line
# without a newline stays without one. Every CAP is >= 4096.
emit() {
  [ -s "$2" ] || return 0
  _e_b=
  while :; do
    if IFS= read -r _e_l; then _e_b=$_e_b$_e_l$NL; else _e_b=$_e_b$_e_l; break; fi
    if [ "${#_e_b}" -gt 4096 ]; then head -c "$1" -- "$2"; return 0; fi
  done <"$2"
  printf '%s' "$_e_b"
}

# Readers of host-named files (r_*) run in a child sh under $TO: a shell
# function cannot be given to `timeout`, and a file that turns into a FIFO
# between the `[ -f ]` test and the open must still not hang the probe. The
# Paths reach it as arguments or in files, never as program text.
# The lib is copied to $T/lib.sh by the shell's own read/printf (no `cat`).
while IFS= read -r _l; do printf '%s\n' "$_l"; done >"$T/lib.sh" <<'FLEET_LIB'
NL='
'
# `nginx -T` dumps nothing when the test fails (syntax error, or a non-root
# user who cannot open the pid file). Rebuild the same format from the files
# so the config is still known. Only regular files are read. $1: the main
# conf (nginx -V --conf-path). Includes are found with the same rough parse
# as the main section (comments stripped, `include VALUE;`). Only regular,
# readable files are read; each at most FILECAP bytes, then an empty line.
r_nginx_files() {
  _main=$1
  [ -n "$_main" ] || _main=/etc/nginx/nginx.conf
  _dir=${_main%/*}
  _q=$_main$NL _seen=$NL _i=0
  # Breadth first, as a queue would: one awk per level reads that level's
  # files (each whole: RS is a byte no config has) and lists their includes.
  while [ -n "$_q" ] && [ "$_i" -lt 500 ]; do
    set --
    while [ -n "$_q" ] && [ "$_i" -lt 500 ]; do
      _f=${_q%%"$NL"*}
      _q=${_q#*"$NL"}
      case $_seen in *"$NL$_f$NL"*) continue ;; esac
      _seen=$_seen$_f$NL
      _i=$((_i + 1))
      if [ ! -f "$_f" ] || [ ! -r "$_f" ]; then printf 'cannot read %s\n' "$_f" >&2; continue; fi
      set -- "$@" "$_f"
    done
    [ "$#" -gt 0 ] || break
    awk 'BEGIN { RS = "\001"; cap = ENVIRON["FILECAP"] + 0; inc = ENVIRON["T"] "/ninc"; printf "" > inc
      for (a = 1; a < ARGC; a++) {
        f = ARGV[a]; printf "# configuration file %s:\n", f; left = cap; r = 0
        while ((getline rec < f) > 0) {
          if (r++) rec = RS rec
          if (left > 0) { printf "%s", substr(rec, 1, left); left -= length(rec) }
          n = split(rec, L, "\n")
          for (i = 1; i <= n; i++) {
            l = L[i]; sub(/#.*/, "", l)
            if (split(l, w) >= 2 && w[1] == "include") { v = w[2]; sub(/;.*/, "", v); gsub(/["\047]/, "", v); print v > inc }
          }
        }
        close(f); print ""
      }
      exit }' "$@"
    while IFS= read -r _p; do
      case $_p in /*) ;; *) _p=$_dir/$_p ;; esac
      # An include is a glob; the pattern is always absolute here.
      for _g in $_p; do [ -f "$_g" ] && _q=$_q$_g$NL; done
    done <"$T/ninc"
  done
  return 0
}

# Pid files: UNIT PATH per line in $T/pidfiles (first of each PATH counts).
r_pidfiles() {
  _seen=$NL
  while read -r _u _p; do
    case $_seen in *"$NL$_p$NL"*) continue ;; esac
    _seen=$_seen$_p$NL
    if [ ! -e "$_p" ]; then printf '%s\n' "$_u $_p missing"; continue; fi
    if [ ! -f "$_p" ] || [ ! -r "$_p" ]; then printf '%s\n' "$_u $_p unreadable"; continue; fi
    _l=
    IFS= read -r _l <"$_p"
    # The digits of its first 32 bytes, as data: never arithmetic or a path of its own.
    while [ "${#_l}" -gt 32 ]; do _l=${_l%?}; done
    _pid=
    while [ -n "$_l" ]; do
      _r=${_l#?}; _c=${_l%"$_r"}; _l=$_r
      case $_c in [0-9]) _pid=$_pid$_c ;; esac
    done
    if [ -z "$_pid" ]; then printf '%s\n' "$_u $_p empty"; continue; fi
    # /proc/PID works for any user; kill -0 says EPERM for other users' processes.
    if [ -d "/proc/$_pid" ]; then
      _c=
      IFS= read -r _c <"/proc/$_pid/comm" 2>/dev/null
      printf '%s\n' "$_u $_p $_pid alive $_c"
    else
      printf '%s\n' "$_u $_p $_pid dead"
    fi
  done <"$T/pidfiles"
}
FLEET_LIB
export T FILECAP
reader() { $TO sh -c '. "$0" && "$@"' "$T/lib.sh" "$@"; }

# `readlink` takes several links: the probe's own PID namespace and the zone
# /etc/localtime names, in one process. Told apart by shape (a namespace link
# is `pid:[N]`), since a missing /etc/localtime leaves one line.
SELFNS= LOCALTIME=
readlink -- /proc/self/ns/pid /etc/localtime >"$T/o" 2>/dev/null
while IFS= read -r _l; do
  case $_l in 'pid:['*) SELFNS=$_l ;; *) LOCALTIME=$_l ;; esac
done <"$T/o"

# >>> trust: test/unit/probe/trust.test.ts runs this block on its own.
# A process title is anyone's to set: a master is trusted only when it runs
# the expected binary, as root, in the probe's own PID namespace (not in a
# container on this host). Only root can check this (exe and ns/pid of a root
# process are closed to other users): for anyone else nothing is trusted.
[ -n "${SELFNS:-}" ] || SELFNS=$(readlink /proc/self/ns/pid 2>/dev/null) || SELFNS=
# trusted_pid PID EXE: EXE is the binary's resolved path (readlink -f).
trusted_pid() {
  case $1 in '' | *[!0-9]*) return 1 ;; esac
  [ -n "$SELFNS" ] && [ -n "$2" ] || return 1
  # Both links in one readlink; its rc is 0 only when both resolved.
  _tl=$(readlink -- "/proc/$1/ns/pid" "/proc/$1/exe" 2>/dev/null) || return 1
  [ "$_tl" = "$SELFNS
$2" ] || return 1
  # Real and effective uid, as this (initial user namespace) reader sees them:
  # the Uid line of status, read by the shell.
  [ -r "/proc/$1/status" ] || return 1
  while read -r _tk _tr _te _trest; do
    case $_tk in Uid:) [ "$_tr" = 0 ] && [ "$_te" = 0 ]; return ;; esac
  done <"/proc/$1/status"
  return 1
}
# <<< trust

# run NAME head:N ERRCAP ATTRS CMD...: one frame for stdout (at most N bytes,
# rc on END), one for stderr if any (at most ERRCAP). The output is kept in a
# scratch file and emitted (a function may name another file in R_OUT: a
# dump it wrote); `tail -c N` under head:N, and shell functions named d_*
# (which bound what they write themselves), write straight into the frame. Shell functions named f_* run in this shell,
# without `timeout` (they read nothing the host names, or put $TO on what
# they run); commands run under `timeout`. stderr goes to $T/e, or $R_ERR
# when set, where callers that mine it find it afterwards.
R_ERR=
run() {
  r_s=$1 r_b=${2#head:} r_e=$3 r_a=$4
  shift 4
  r_E=${R_ERR:-$T/e}
  R_OUT=
  begin "$r_s" "$r_a"
  if [ "$1" = tail ] && [ "${2:-}" = -c ] && [ "${3:-}" = "$r_b" ]; then
    $TO "$@" 2>"$r_E" </dev/null
    r_rc=$?
  elif case $1 in d_*) true ;; *) false ;; esac; then
    "$@" 2>"$r_E" </dev/null
    r_rc=$?
  else
    case $1 in
      f_*) "$@" >"$T/o" 2>"$r_E" </dev/null ;;
      *) $TO "$@" >"$T/o" 2>"$r_E" </dev/null ;;
    esac
    r_rc=$?
    emit "$r_b" "${R_OUT:-$T/o}"
  fi
  end "$r_s" "$r_rc"
  if [ -s "$r_E" ]; then
    begin "$r_s.stderr" "$r_a"
    emit "$r_e" "$r_E"
    end "$r_s.stderr" 0
  fi
}

# skipped NAME ATTRS WHY: a frame that failed without running anything.
skipped() {
  begin "$1" "$2"; end "$1" 1
  begin "$1.stderr" "$2"
  if [ "${#3}" -lt 1024 ]; then printf '%s\n' "$3"; else printf '%s\n' "$3" | head -c 1024; fi
  end "$1.stderr" 0
}

# ---------------------------------------------------------------- system
# One `date` for the clock and the offset; it goes into shell arithmetic (the
# kernel log window): digits only.
NOW= _off=
date '+%s %z' >"$T/o" 2>/dev/null && read -r NOW _off <"$T/o"
case $NOW in '' | *[!0-9]*) NOW=0 ;; esac
# The kernel's own answers for uname -n / -r; `id` once for uid and name
# (the effective one, as `id -u` / `id -un` print it).
_host= _krel=
read -r _host </proc/sys/kernel/hostname 2>/dev/null || _host=$(uname -n)
read -r _krel </proc/sys/kernel/osrelease 2>/dev/null || _krel=$(uname -r)
# The effective uid (as `id -u` prints it) from our own status; its name
# from /etc/passwd, else `id -un` (NSS users).
_uid= _user=
while read -r _k _r _e _rest; do
  case $_k in Uid:) _uid=$_e; break ;; esac
done </proc/self/status
case $_uid in '' | *[!0-9]*) _uid=$(id -u 2>/dev/null) ;; esac
while IFS=: read -r _pn _px _pu _rest; do
  [ "$_pu" = "$_uid" ] && { _user=$_pn; break; }
done </etc/passwd
[ -n "$_user" ] || _user=$(id -un 2>/dev/null) || _user=
# The zone (IANA name) for the controller's per-timestamp offsets (DST):
# $TZ when it is shaped like a zone name, else what /etc/localtime links to
# below .../zoneinfo/, else /etc/timezone; omitted when unknown.
tz_ok() { case $1 in '' | /* | *..* | *[!A-Za-z0-9_+/-]*) return 1 ;; esac; return 0; }
_tz=${TZ:-}
_tz=${_tz#:}
if ! tz_ok "$_tz"; then
  _tz=
  case $LOCALTIME in */zoneinfo/*) _tz=${LOCALTIME#*/zoneinfo/}; _tz=${_tz#posix/}; _tz=${_tz#right/} ;; esac
  tz_ok "$_tz" || _tz=
fi
if [ -z "$_tz" ] && [ -f /etc/timezone ] && [ -r /etc/timezone ]; then
  read -r _tz </etc/timezone || :
  tz_ok "$_tz" || _tz=
fi
f_system() {
  echo "hostname=$_host"
  echo "now=$NOW"
  echo "utc_offset=$_off"
  echo "kernel=$_krel"
  if [ -d /run/systemd/system ]; then echo "init=systemd"; else echo "init=other"; fi
  echo "uid=$_uid"
  echo "user=$_user"
  if has systemctl; then echo "systemctl=yes"; else echo "systemctl=no"; fi
  echo "window=$WINDOW"
  echo "max_log_bytes=$MAXLOG"
  [ -z "$_tz" ] || echo "tz=$_tz"
}
run system head:4096 "$ERRCAP" "" f_system
SYSTEMD=no
if [ -d /run/systemd/system ] && has systemctl; then SYSTEMD=yes; fi
if [ "$_uid" = 0 ]; then PROBE_ROOT=yes; else PROBE_ROOT=no; fi

# ---------------------------------------------------------------- nginx
NGINX=$(command -v nginx 2>/dev/null) || NGINX=
safe_path "$NGINX" || NGINX=
: >"$T/dump"
_nconf= _nvusers=
if [ -n "$NGINX" ]; then
  # `nginx -V` writes to stderr; keep it as the body. It reads no config and
  # cannot hang on one: no `timeout`. Its words give --conf-path= and --user=.
  f_nginx_v() { "$NGINX" -V 2>&1; }
  run nginx-V head:65536 "$ERRCAP" "path=$NGINX" f_nginx_v
  set -f
  while IFS= read -r _l; do
    IFS=' '
    for _w in $_l; do
      case $_w in
        --conf-path=*) [ -n "$_nconf" ] || _nconf=${_w#--conf-path=} ;;
        --user=*) _nvusers="$_nvusers ${_w#--user=}" ;;
      esac
    done
    IFS=$_IFS0
  done <"$T/o"
  set +f
  # `nginx -T` is `nginx -t` plus the dump: its stderr and rc are the test.
  f_nginx_dump() { $TO "$NGINX" -T >"$T/dump"; n_rc=$?; R_OUT=$T/dump; return $n_rc; }
  run nginx-T head:"$DUMPCAP" "$ERRCAP" "" f_nginx_dump
  if [ ! -s "$T/dump" ]; then
    f_nginx_files() { reader r_nginx_files "$_nconf" >"$T/dump"; n_rc=$?; R_OUT=$T/dump; return $n_rc; }
    run nginx-files head:"$DUMPCAP" "$ERRCAP" "" f_nginx_files
  fi
fi

# ---------------------------------------------------------------- processes
# One `ps` for the ps frame and the FPM master candidates. Only processes of
# this PID namespace go in the frame: nginx and FPM running in containers on
# this host are not this host's services (their RSS is not ours either).
# Where the namespace cannot be read (a ps without `pidns`) the row is kept.
# ps reads every process's command line, which another user can make block.
_ns=${SELFNS#pid:\[}
_ns=${_ns%\]}
case $_ns in *[!0-9]*) _ns= ;; esac
PSNS=yes
$TO ps -e -o pidns=,pid=,ppid=,rss=,comm=,args= >"$T/procs" 2>"$T/pse" </dev/null
ps_rc=$?
if [ "$ps_rc" != 0 ]; then
  PSNS=no
  $TO ps -e -o pid=,ppid=,rss=,comm=,args= >"$T/procs" 2>"$T/pse" </dev/null
  ps_rc=$?
fi
# $T/psf: the frame's rows (cut at 300 bytes, as `cut -c 1-300` did);
# $T/cand: `COMM PID CONF` for every title "php-fpm: master process (CONF)".
# The title is only a claim; trusted_pid decides (root only).
NS=$_ns PSNS=$PSNS awk '
  BEGIN { ns = ENVIRON["NS"]; hasns = ENVIRON["PSNS"] == "yes"; psf = ENVIRON["T"] "/psf"; cand = ENVIRON["T"] "/cand"
    printf "" > psf; printf "" > cand }
  {
    if (hasns) { comm = $5; pid = $2; row = $0; sub(/^[ \t]*[^ \t]+[ \t]*/, "", row)
      keep = (ns == "" || $1 == ns || $1 == "-") }
    else { comm = $4; pid = $1; row = $0; keep = 1 }
    if (keep && comm ~ /^(nginx|php-fpm)/) print substr(row, 1, 300) > psf
    i = index($0, "master process ("); if (i == 0) next
    p = substr($0, i + 16); if (p !~ /\)$/) next
    print comm, pid, substr(p, 1, length(p) - 1) > cand
  }' "$T/procs"

# ---------------------------------------------------------------- PHP-FPM
# Binaries on PATH (Debian php-fpmX.Y, RHEL php-fpm) and units systemd knows.
# One line per install in $T/fpm: BINARY_NAME UNIT BINARY_PATH. Names and
# units go into frame headers and command lines: only the shapes FPM
# packages use.
fpm_name_ok() { case $1 in php-fpm) return 0 ;; php-fpm*[!0-9.]*) return 1 ;; php-fpm[0-9.]*) return 0 ;; esac; return 1; }
fpm_unit_ok() { case $1 in php-fpm) return 0 ;; php*[!0-9.]*-fpm) return 1 ;; php*-fpm) return 0 ;; esac; return 1; }
: >"$T/fpm"
_fseen=' '
IFS=:
set -f
for _d in $PATH; do
  IFS=$_IFS0
  set +f
  [ -n "$_d" ] || continue
  for _f in "$_d"/php-fpm*; do
    _b=${_f##*/}
    case $_b in php-fpm | php-fpm[0-9]*) ;; *) continue ;; esac
    safe_path "$_f" && [ -x "$_f" ] && [ ! -d "$_f" ] || continue
    case $_fseen in *" $_b "*) continue ;; esac
    case $_b in php-fpm) _u=php-fpm ;; *) _u=php${_b#php-fpm}-fpm ;; esac
    fpm_name_ok "$_b" && fpm_unit_ok "$_u" || continue
    _fseen="$_fseen$_b "
    printf '%s\n' "$_b $_u $_f" >>"$T/fpm"
  done
done
IFS=$_IFS0
set +f
if [ "$SYSTEMD" = yes ]; then
  run fpm-units head:"$CMDCAP" "$ERRCAP" "" systemctl list-units --all --plain --no-legend 'php*-fpm*'
  cp_units() { while read -r _u _rest; do printf '%s\n' "$_u"; done <"$T/o"; }
  cp_units >"$T/fpmunits"
  run fpm-unit-files head:"$CMDCAP" "$ERRCAP" "" systemctl list-unit-files --no-legend 'php*-fpm*'
  cp_units >>"$T/fpmunits"
  # Units without a binary on PATH, sorted as `sort -u` did (only when there
  # are two or more of them is `sort` started).
  _only= _un=0 _useen=' '
  while read -r _u; do
    case $_u in *.service) _u=${_u%.service} ;; *) continue ;; esac
    case $_u in php-fpm) _b=php-fpm ;; php*-fpm) _b=php-fpm${_u#php}; _b=${_b%-fpm} ;; *) continue ;; esac
    fpm_name_ok "$_b" && fpm_unit_ok "$_u" || continue
    case $_fseen in *" $_b "*) continue ;; esac
    case $_useen in *" $_u "*) continue ;; esac
    _useen="$_useen$_u "
    _only=$_only$_u$NL
    _un=$((_un + 1))
  done <"$T/fpmunits"
  if [ "$_un" -gt 1 ]; then printf '%s' "$_only" | sort -u >"$T/o"; else printf '%s' "$_only" >"$T/o"; fi
  while read -r _u; do
    case $_u in php-fpm) _b=php-fpm ;; *) _b=php-fpm${_u#php}; _b=${_b%-fpm} ;; esac
    case $_fseen in *" $_b "*) continue ;; esac
    _fseen="$_fseen$_b "
    printf '%s\n' "$_b $_u -" >>"$T/fpm"
  done <"$T/o"
fi

# fpm_master NAME EXE: sets f_main (the conf of the running master, when one
# is trusted) and f_trust (verified | ignored | unverified | '' for no title).
fpm_master() {
  f_main= f_trust=
  while read -r _mb _mp _mc; do
    [ "$_mb" = "$1" ] || continue
    if [ "$PROBE_ROOT" != yes ]; then f_trust=unverified; return 0; fi
    f_trust=ignored
    if trusted_pid "$_mp" "$2" && safe_path "$_mc"; then f_main=$_mc f_trust=verified; return 0; fi
  done <"$T/cand"
}
# FPM's test writes its output (the whole -tt dump too) to the live error_log
# when it can open it: every probe run would flood the very log we tail. Test
# a copy of the main conf whose error_log is /dev/null instead (FPM still
# prints everything to stderr); includes are absolute or prefix-relative, so
# the copy resolves the same pool files. Messages name the copy ($T/fpm.conf):
# the frame says `copy=` and `main=`, and the controller maps one to the other
# (a plain string replace, never a sed program built from a path).
#
f_fpm_test() {
  if [ -n "$f_copy" ]; then
    [ -s "$T/prep.err" ] && emit "$ERRCAP" "$T/prep.err" >&2
    $TO "$f_bin" -tt -y "$T/fpm.conf" >&2
  else
    $TO "$f_bin" -tt >&2
  fi
}
# The main conf and the files it includes, each after `; ==> PATH <==` and
# followed by an empty line, at most FILECAP bytes each and DUMPCAP in all,
# straight into the fpm-files frame; and the
# `listen` / `error_log` values of them into $T/fx (`L VALUE`, `E VALUE`).
# ARGS: the files; $_fe: the `cannot read` lines of those left out.
d_fpm_files() {
  : >"$T/fx"
  printf '%s' "$_fe" >&2
  [ "$#" -gt 0 ] || return 1
  # What goes into the frame also goes to $T/ff (every FPM's, appended), where
  # the evidence section finds pool session paths and syslog.ident.
  DUMPCAP=$DUMPCAP $TO awk 'function put(s) { if (tot <= 0) return; if (length(s) > tot) s = substr(s, 1, tot); printf "%s", s; printf "%s", s >> ff; tot -= length(s) }
    BEGIN { RS = "\001"; fx = ENVIRON["T"] "/fx"; ff = ENVIRON["T"] "/ff"; cap = ENVIRON["FILECAP"] + 0; tot = ENVIRON["DUMPCAP"] + 0
      printf "" > fx
      # The files are read with getline, so an empty one still gets its header.
      for (a = 1; a < ARGC; a++) {
        f = ARGV[a]; put("; ==> " f " <==\n"); left = cap; r = 0
        while ((g = (getline rec < f)) > 0) {
          if (r++) rec = RS rec
          if (left > 0) { put(substr(rec, 1, left)); left -= length(rec) }
          n = split(rec, L, "\n")
          for (i = 1; i <= n; i++) {
            l = L[i]; sub(/;.*/, "", l)
            if (l ~ /^[ \t]*\[/) { sect = l; sub(/^[ \t]*\[/, "", sect); sub(/\].*/, "", sect); continue }
            if (l !~ /^[ \t]*(listen|error_log|slowlog|access\.log|php_admin_value\[error_log\]|php_value\[error_log\])[ \t]*=/) continue
            k = l; sub(/=.*/, "", k); gsub(/[ \t]/, "", k)
            v = l; sub(/^[^=]*=[ \t]*/, "", v); sub(/[ \t]*$/, "", v); gsub(/["\047]/, "", v)
            if (k == "listen" || k == "error_log") { print (k == "listen" ? "L" : "E"), v > fx; continue }
            # A pool log (the files model, used when -tt showed no pools): FPM
            # expands $pool in it; the name is data, spliced by index, not gsub.
            if (sect == "" || sect == "global") continue
            while ((j = index(v, "$pool")) > 0) v = substr(v, 1, j - 1) sect substr(v, j + 5)
            print "P", (k == "slowlog" ? "fpm-slowlog" : k == "access.log" ? "fpm-access" : "php-error"), sect, v > fx
          }
        }
        if (g < 0) { print "cannot read " f > "/dev/stderr"; rc = 1 }
        close(f)
        put("\n")
      }
  exit rc }' "$@"
}
_fpmx=
_i=0
while read -r _b _u _f; do
  _i=$((_i + 1))
  _v=${_b#php-fpm}
  if [ "$_f" != - ] && [ -z "$_v" ]; then
    $TO "$_f" -v >"$T/o" 2>/dev/null </dev/null
    IFS= read -r _l <"$T/o" || :
    case $_l in 'PHP '[0-9]*.[0-9]*) _l=${_l#PHP }; _v=${_l%%.*}; _l=${_l#*.}; _l=${_l%%[!0-9]*}; _v=$_v.$_l ;; *) _v= ;; esac
  fi
  _exe=
  if [ "$_f" != - ]; then
    readlink -f -- "$_f" >"$T/o" 2>/dev/null && IFS= read -r _exe <"$T/o"
  fi
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
  : >"$T/inc"
  : >"$T/prep.err"
  : >"$T/lvl"
  # One awk (under $TO: the main conf is a host-named file) reads the main conf
  # whole (RS is a byte no config has, so the copy is byte-exact) and writes
  # the copy, with the old error_log lines blanked (not deleted, so FILE:LINE
  # in errors stays true; a reopened [global] at the end takes the override),
  # and the include patterns to $T/inc. The dump is logged at NOTICE: with
  # `log_level = warning` (or error, alert) -tt printed nothing (no pools at
  # all), so then the copy sets `log_level = notice` (only then: at notice or
  # debug the dump is printed, and the model stays as the config says). The
  # configured level (of [global] in the main conf) goes to $T/lvl and, when
  # it is not notice, on the fpm-tt frame as `log_level=`.
  [ -n "$f_copy" ] && $TO awk 'BEGIN { RS = "\001"; copy = ENVIRON["T"] "/fpm.conf"; inc = ENVIRON["T"] "/inc"; printf "" > inc }
  { if (NR > 1) printf "%s", RS > copy
    n = split($0, L, "\n")
    for (i = 1; i <= n; i++) {
      l = L[i]
      if (l ~ /^[[:space:]]*error_log[[:space:]]*=/) l = ""
      printf "%s%s", l, (i < n ? "\n" : "") > copy
      v = L[i]; sub(/;.*/, "", v)
      if (sub(/^[[:space:]]*include[[:space:]]*=[[:space:]]*/, "", v)) { gsub(/"/, "", v); print v > inc }
      if (v ~ /^[[:space:]]*\[/) { sect = v; sub(/^[[:space:]]*\[/, "", sect); sub(/\].*/, "", sect) }
      if ((sect == "" || sect == "global") && sub(/^[[:space:]]*log_level[[:space:]]*=[[:space:]]*/, "", v)) { gsub(/["[:space:]]/, "", v); lvl = v }
    } }
  END { printf "\n[global]\nerror_log = /dev/null\n" > copy
    if (tolower(lvl) ~ /^(warning|error|alert)$/) printf "log_level = notice\n" > copy
    print lvl > (ENVIRON["T"] "/lvl") }' "$f_main" 2>"$T/prep.err" </dev/null
  _lvl=
  read -r _lvl <"$T/lvl" || :
  case $_lvl in [Nn][Oo][Tt][Ii][Cc][Ee] | *[!A-Za-z0-9._@-]*) _lvl= ;; esac
  # -tt both tests (rc) and dumps the effective config (stderr).
  R_ERR=$T/tt.$_i
  run fpm-tt head:"$CMDCAP" "$DUMPCAP" "name=$_b${f_copy:+ copy=$f_copy main=$f_main}${_lvl:+ log_level=$_lvl}" f_fpm_test
  R_ERR=
  printf 'I %s %s %s\n' "$_b" "$_u" "$_v" >"$T/fx.$_i"
  if [ -n "$f_main" ]; then
    # The file list: the main conf, then what its includes match (FPM resolves
    # a relative include against its prefix, Debian: /usr), at most 200.
    set -- "$f_main"
    _fe=
    if [ ! -f "$f_main" ] || [ ! -r "$f_main" ]; then _fe="cannot read $f_main$NL"; set --; fi
    while read -r _p; do
      case $_p in /*) ;; *) _p=/usr/$_p ;; esac
      for _g in $_p; do
        [ -f "$_g" ] || continue
        [ "$#" -lt 200 ] || break
        if [ -r "$_g" ]; then set -- "$@" "$_g"; else _fe="${_fe}cannot read $_g$NL"; fi
      done
    done <"$T/inc"
    run fpm-files head:"$DUMPCAP" "$ERRCAP" "name=$_b main=$f_main" d_fpm_files "$@"
    while read -r _k _val; do
      if [ "$_k" = P ]; then
        printf '%s\n' "P $_val"
      elif [ "$_k" = E ]; then
        # FPM resolves a relative error_log against its localstatedir (/var).
        case $_val in /* | syslog*) ;; *) _val=/var/$_val ;; esac
        printf '%s\n' "E $_b $_val"
      else
        printf '%s\n' "L $_val"
      fi
    done <"$T/fx" >>"$T/fx.$_i"
  fi
  printf '%s\n' "T $T/tt.$_i" >>"$T/fx.$_i"
  _fpmx="${_fpmx:-} $T/fx.$_i"
done <"$T/fpm"

# ---------------------------------------------------------------- plan
# Socket paths that exist where FPM packages put them (globs: no process).
: >"$T/gsock"
for _s in /run/php/*.sock /var/run/php/*.sock /run/php-fpm/*.sock; do [ -e "$_s" ] && printf '%s\n' "$_s" >>"$T/gsock"; done
# One awk for the text jobs over the nginx dump and the FPM findings. Rough on
# purpose (the TS side parses the configs properly): only used to decide which
# paths to stat, which logs to tail, which users to look up. Writes:
#   socks  unix socket paths (nginx `*_pass`/`server` unix:, FPM listen, the globs above)
#   dirs   their parent directories (connecting needs search permission on each)
#   nlogs  `error_log|access_log PATH explicit|default` (nginx, first of each path)
#   flogs  `BINARY PATH explicit|default` (FPM, first of each path)
#   plogs  `KIND POOL PATH` (each FPM pool's slowlog, access.log, PHP error_log)
#   pidfiles  `UNIT PATH` (FPM's -tt `pid`, else Debian's; then nginx `pid`)
#   nusers the nginx `user` values
# Every value is data in awk variables, never part of the program.
awk '
  function out(f, s) { print s > (ENVIRON["T"] "/" f) }
  function sock(p) { if (p ~ /^\// && !(p in seen_s)) { seen_s[p] = 1; socks[++ns] = p } }
  function trim(s) { sub(/^[[:space:]]*/, "", s); sub(/[[:space:]]*$/, "", s); return s }
  function flush_default() { if (dflt != "") { flog(dflt_b, dflt, "default"); dflt = "" } }
  function flog(b, p, how) { if (!(p in seen_f)) { seen_f[p] = 1; out("flogs", b " " p " " how) } }
  BEGIN { printf "" > (ENVIRON["T"] "/plogs"); printf "" > (ENVIRON["T"] "/flogs"); printf "" > (ENVIRON["T"] "/nusers"); printf "" > (ENVIRON["T"] "/pidfiles") }
  FILENAME == ENVIRON["T"] "/dump" {
    l = $0; sub(/#.*/, "", l)
    if (l ~ /(_pass|server)[[:space:]]/) {
      # The last unix: on the line, as sed s/.*unix:\(...\).*/ took it.
      s = l; k = 0
      while ((i = index(s, "unix:")) > 0) { s = substr(s, i + 5); k = 1 }
      if (k) { match(s, /^[^;:[:space:]"]*/); v = substr(s, 1, RLENGTH); if (v != "") dsock[++nd] = v }
    }
    # Each statement of the line: `location /x { access_log /y; }` on one line
    # holds a directive that does not start the line (rough: a quoted ; { }
    # splits too; the controller parses the config properly and says what the
    # probe sent nothing for).
    ns_ = split(l, st, /[;{}]/)
    for (j = 1; j <= ns_; j++) {
      n = split(st[j], w)
      if (n >= 2 && (w[1] == "error_log" || w[1] == "access_log" || w[1] == "pid" || w[1] == "user")) {
        v = w[2]; gsub(/["\047]/, "", v)
        if (w[1] == "pid") { if (npid == "") npid = v }
        else if (w[1] == "user") out("nusers", v)
        else nlog[++nn] = w[1] " " v " explicit"
      }
    }
    next
  }
  FILENAME == ENVIRON["T"] "/gsock" { gs[++ng] = $0; next }
  # fx.N: I BINARY UNIT VERSION / L LISTEN / E BINARY ERROR_LOG / T TTFILE
  $1 == "I" { flush_default(); b = $2; u = $3; v = $4; npf = 0; next }
  # P KIND POOL PATH: a pool log from the files, used if -tt showed no pool.
  $1 == "P" { l = $0; sub(/^P [^ ]* [^ ]* /, "", l); pf[++npf] = $2 " " $3 " " l; next }
  $1 == "L" { l = $0; sub(/^L /, "", l); fl[++nf] = l; next }
  $1 == "E" { l = $0; sub(/^E [^ ]* /, "", l); flog(b, l, "explicit"); next }
  $1 == "T" {
    tt = substr($0, 3); pid = ""; pool = ""; ttpools = 0
    while ((getline t < tt) > 0) {
      # The logs of each pool, as -tt resolved them ($pool expanded, prefix applied).
      if (match(t, /NOTICE:[[:space:]]*\[[^]]*\]$/)) { pool = substr(t, RSTART, RLENGTH); sub(/^NOTICE:[[:space:]]*\[/, "", pool); sub(/\]$/, "", pool); if (pool != "global") ttpools++ }
      else if (pool != "" && pool != "global" && match(t, /NOTICE:[[:space:]]*(slowlog|access\.log|php_admin_value\[error_log\]|php_value\[error_log\]) = /)) {
        x = substr(t, RSTART + RLENGTH); key = substr(t, RSTART, RLENGTH); sub(/^NOTICE:[[:space:]]*/, "", key); sub(/ = $/, "", key)
        kind = key == "slowlog" ? "fpm-slowlog" : key == "access.log" ? "fpm-access" : "php-error"
        if (x != "" && x != "undefined" && !((kind SUBSEP x) in seen_p)) { seen_p[kind, x] = 1; out("plogs", kind " " pool " " x) }
      }
      if (match(t, /NOTICE:[[:space:]]*listen = /)) { x = t; while (match(x, /NOTICE:[[:space:]]*listen = /)) x = substr(x, RSTART + RLENGTH); fl[++nf] = x }
      if (pid == "" && match(t, /NOTICE:[[:space:]]*pid = /)) { x = t; while (match(x, /NOTICE:[[:space:]]*pid = /)) x = substr(x, RSTART + RLENGTH); pid = x }
    }
    close(tt)
    if (!ttpools) for (i = 1; i <= npf; i++) {
      split(pf[i], w, " "); x = pf[i]; sub(/^[^ ]* [^ ]* /, "", x)
      if (!((w[1] SUBSEP x) in seen_p)) { seen_p[w[1], x] = 1; out("plogs", w[1] " " w[2] " " x) }
    }
    fpid[++np] = u " " (pid != "" ? pid : "/run/php/php" v "-fpm.pid")
    if (v != "") { dflt = "/var/log/php" v "-fpm.log"; dflt_b = b }
    next
  }
  END {
    flush_default()
    for (i = 1; i <= nd; i++) sock(dsock[i])
    for (i = 1; i <= nf; i++) sock(trim(fl[i]))
    for (i = 1; i <= ng; i++) sock(gs[i])
    printf "" > (ENVIRON["T"] "/socks"); printf "" > (ENVIRON["T"] "/dirs")
    for (i = 1; i <= ns; i++) {
      out("socks", socks[i])
      p = socks[i]
      while (sub(/\/[^\/]*$/, "", p) && p != "") if (!(p in seen_d)) { seen_d[p] = 1; out("dirs", p) }
    }
    # Debian defaults, tailed only when present (a dump may be missing).
    nlog[++nn] = "error_log /var/log/nginx/error.log default"
    nlog[++nn] = "access_log /var/log/nginx/access.log default"
    printf "" > (ENVIRON["T"] "/nlogs")
    for (i = 1; i <= nn; i++) { split(nlog[i], w, " "); if (!(w[2] in seen_n)) { seen_n[w[2]] = 1; out("nlogs", nlog[i]) } }
    for (i = 1; i <= np; i++) out("pidfiles", fpid[i])
    out("pidfiles", "nginx " (npid != "" ? npid : "/run/nginx.pid"))
  }' "$T/dump" "$T/gsock" ${_fpmx:-}

# ---------------------------------------------------------------- services
_units=nginx
while read -r _b _u _f; do _units="$_units $_u"; done <"$T/fpm"
: >"$T/services"
if [ "$SYSTEMD" = yes ]; then
  # Kept in $T/services for the evidence section (blank-line separated per unit).
  # shellcheck disable=SC2086
  run services head:"$CMDCAP" "$ERRCAP" "manager=systemd" systemctl show \
    -p Id,LoadState,ActiveState,SubState,MainPID,NRestarts,Result,UnitFileState,ExecMainStatus $_units
  while IFS= read -r _l; do printf '%s\n' "$_l"; done <"$T/o" >"$T/services"
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
for _p in /run/php/php*-fpm.pid /run/php-fpm/php-fpm.pid; do
  [ -f "$_p" ] || continue
  _b=${_p##*/}
  echo "${_b%.pid} $_p" >>"$T/pidfiles"
done
f_pidfiles() { reader r_pidfiles; }
run pidfiles head:16384 "$ERRCAP" "" f_pidfiles
if has ps; then
  # The rows kept by the awk above, from the one `ps`.
  f_ps() { [ -s "$T/pse" ] && emit "$ERRCAP" "$T/pse" >&2; R_OUT=$T/psf; return 0; }
  run ps head:"$CMDCAP" "$ERRCAP" "" f_ps
fi

# ---------------------------------------------------------------- sockets
if [ -s "$T/socks" ]; then
  # Connecting needs search permission on every parent directory too; -L
  # because connect() follows symlinks (a dangling one is a missing socket).
  # Paths are arguments, never options (`--`). stat's rc is reported as
  # `xargs stat` reported it (123 when a path failed).
  f_stat() {
    set --
    while IFS= read -r _p; do set -- "$@" "$_p"; done <"$T/socks"
    while IFS= read -r _p; do set -- "$@" "$_p"; done <"$T/dirs"
    stat -L -c '%F|%U|%G|%a|%n' -- "$@"
    _rc=$?
    case $_rc in 0) return 0 ;; 1) return 123 ;; *) return "$_rc" ;; esac
  }
  run stat head:"$CMDCAP" "$ERRCAP" "" f_stat
  if has getfacl; then
    f_acl() {
      set --
      while IFS= read -r _p; do [ -e "$_p" ] && set -- "$@" "$_p"; done <"$T/socks"
      [ "$#" -gt 0 ] || return 1
      getfacl -p -- "$@"
    }
    run acl head:"$CMDCAP" "$ERRCAP" "" f_acl
  fi
fi
if has ss; then
  # ss reads netlink and /proc/PID/fd links, nothing a host names: no `timeout`.
  f_ss_unix() { ss -xlpn; }
  f_ss_tcp() { ss -ltnp; }
  run ss-unix head:"$CMDCAP" "$ERRCAP" "" f_ss_unix
  run ss-tcp head:"$CMDCAP" "$ERRCAP" "" f_ss_tcp
else
  # Listening unix sockets carry the __SO_ACCEPTCON flag (00010000).
  f_proc_unix() { awk 'NR == 1 || $4 == "00010000"' /proc/net/unix; }
  run proc-net-unix head:"$CMDCAP" "$ERRCAP" "" f_proc_unix
  f_proc_tcp() {
    set --
    for _p in /proc/net/tcp /proc/net/tcp6; do [ -r "$_p" ] && set -- "$@" "$_p"; done
    [ "$#" -gt 0 ] || return 0
    awk '$4 == "0A"' "$@"
  }
  run proc-net-tcp head:"$CMDCAP" "$ERRCAP" "" f_proc_tcp
fi

# ---------------------------------------------------------------- users
# Every name the nginx worker may run as: the `user` directive, the compiled
# default, and the usual distro accounts (the TS side decides which applies).
# One `id` for all of them (coreutils >= 8.31 takes several users; each line
# is told by its `uid=N(NAME)`); an older `id` gets one call per name.
f_users() {
  set --
  _seen=' '
  while read -r _n; do
    case $_n in '' | -* | *[!A-Za-z0-9._-]*) continue ;; esac
    case $_seen in *" $_n "*) continue ;; esac
    _seen="$_seen$_n "
    set -- "$@" "$_n"
  done <"$T/nusers"
  for _n in $_nvusers nobody www-data nginx; do
    case $_n in '' | -* | *[!A-Za-z0-9._-]*) continue ;; esac
    case $_seen in *" $_n "*) continue ;; esac
    _seen="$_seen$_n "
    set -- "$@" "$_n"
  done
  [ "$#" -gt 0 ] || return 0
  id -- "$@" >"$T/ids" 2>"$T/idse"
  if [ ! -s "$T/ids" ] && [ -s "$T/idse" ]; then
    for _n; do
      id -- "$_n" >"$T/ids" 2>/dev/null && IFS= read -r _l <"$T/ids" && printf '%s\n' "$_n $_l"
    done
    return 0
  fi
  while IFS= read -r _l; do
    _n=${_l#uid=*\(}
    _n=${_n%%\)*}
    case $_seen in *" $_n "*) printf '%s\n' "$_n $_l" ;; esac
  done <"$T/ids"
  return 0
}
run users head:65536 "$ERRCAP" "" f_users

# ---------------------------------------------------------------- logs
# $T/logs: `KIND PATH` of every log to read, in order; one `stat` for all of
# them ($T/lstat: `PATH|TYPE|SIZE`); then one `tail` (under $TO) per log,
# writing straight into its frame. $T/logpaths: `KIND PATH SIZE` of each log
# read (for the evidence section).
: >"$T/logs"
: >"$T/logpaths"
while read -r _k _p _how; do
  [ "$_how" = default ] && [ ! -e "$_p" ] && continue
  case $_k in error_log) _k=nginx-error ;; *) _k=nginx-access ;; esac
  printf '%s\n' "$_k $_p" >>"$T/logs"
done <"$T/nlogs"
while read -r _b _p _how; do
  # The Debian default is only a guess: tail it only if it exists.
  [ "$_how" = default ] && [ ! -e "$_p" ] && continue
  printf '%s\n' "fpm:$_b $_p" >>"$T/logs"
done <"$T/flogs"
# A pool's logs are `fpm-slowlog:POOL`, `fpm-access:POOL`, `php-error:POOL`:
# the pool name goes into a header, so only a plain name.
while read -r _k _pool _p; do
  case $_pool in
    '' | *[!A-Za-z0-9._@-]*) printf '%s\n' "bad:$_k $_p" >>"$T/logs" ;;
    *) printf '%s\n' "$_k:$_pool $_p" >>"$T/logs" ;;
  esac
done <"$T/plogs"
set --
while read -r _k _p _a; do
  case $_p in '' | off | stderr | syslog* | memory:* | /dev/* | *'$'*) continue ;; esac
  safe_path "$_p" && set -- "$@" "$_p" "${_p%/*}/"
done <"$T/logs"
: >"$T/lstat"
# Each log and its directory (the trailing / keeps the two apart), not
# following a symlink: who owns them decides whose rights read the log.
[ "$#" -gt 0 ] && $TO stat -c '%n|%F|%s|%u|%g' -- "$@" >"$T/lstat" 2>/dev/null
if [ "$PROBE_ROOT" = yes ] && has setpriv; then LOG_AS_OWNER=yes; else LOG_AS_OWNER=no; fi
_lstat=$NL
while IFS= read -r _l; do _lstat=$_lstat$_l$NL; done <"$T/lstat"
f_empty() { return 0; }
digits() { case $1 in '' | *[!0-9]*) return 1 ;; esac; return 0; }
log() {
  # log KIND PATH [ATTR]: skip what is not a file path (syslog:, stderr, off, $var).
  case $2 in '' | off | stderr | syslog* | memory:* | /dev/* | *'$'*) return ;; esac
  if ! safe_path "$2"; then
    skipped log "kind=$1${3:+ $3}" "log path is not a plain absolute path, not read: $2"
    return
  fi
  # Only a regular file is read: a FIFO (or a device) at a log path would
  # block the reader. `tail` still runs under $TO, for a swap after the test.
  case $_lstat in
    *"$NL$2|"*) _st=${_lstat#*"$NL$2|"}; _st=${_st%%"$NL"*} ;;
    *) _st= ;;
  esac
  # TYPE|SIZE|UID|GID of the file, UID|GID of its directory.
  _ty=${_st%%|*} _r=${_st#*|}
  _sz=${_r%%|*} _r=${_r#*|}
  _fu=${_r%%|*} _fg=${_r#*|}
  case $_lstat in
    *"$NL${2%/*}/|"*) _r=${_lstat#*"$NL${2%/*}/|"}; _r=${_r%%"$NL"*}; _r=${_r#*|}; _r=${_r#*|}; _du=${_r%%|*} _dg=${_r#*|} ;;
    *) _du= _dg= ;;
  esac
  # A log its writer controls (a file, or the directory it sits in, not
  # root's) is read with that owner's rights, never root's: a symlink to
  # /etc/shadow swapped in after this check then reads as its owner could.
  _as=
  if [ "$LOG_AS_OWNER" = yes ]; then
    if digits "$_fu" && digits "$_fg" && [ "$_fu" != 0 ]; then _as="setpriv --reuid=$_fu --regid=$_fg --clear-groups --"
    elif digits "$_du" && digits "$_dg" && [ "$_du" != 0 ]; then _as="setpriv --reuid=$_du --regid=$_dg --clear-groups --"
    fi
  fi
  case $_ty in
    'regular empty file')
      # Nothing to tail (stat just said so): the same empty frame, no process.
      # Unless this user cannot read it: then tail says so, as for a full file
      # (an empty log closed to us must be partial, never "no errors").
      if [ ! -r "$2" ]; then
        run log head:"$MAXLOG" "$ERRCAP" "kind=$1 path=$2 size=0${3:+ $3}" tail -c "$MAXLOG" -- "$2"
        return
      fi
      printf '%s\n' "$1 $2 0" >>"$T/logpaths"
      run log head:"$MAXLOG" "$ERRCAP" "kind=$1 path=$2 size=0${3:+ $3}" f_empty ;;
    'regular file')
      digits "$_sz" || _sz=0
      printf '%s\n' "$1 $2 $_sz" >>"$T/logpaths"
      # shellcheck disable=SC2086
      run log head:"$MAXLOG" "$ERRCAP" "kind=$1 path=$2 size=$_sz${3:+ $3}" $_as tail -c "$MAXLOG" -- "$2" ;;
    # stat saw no file: tail says why. A file (or symlink) its directory's
    # owner makes after the stat must still be read with that owner's rights.
    # shellcheck disable=SC2086
    '') run log head:"$MAXLOG" "$ERRCAP" "kind=$1 path=$2${3:+ $3}" $_as tail -c "$MAXLOG" -- "$2" ;;
    'symbolic link') skipped log "kind=$1 path=$2${3:+ $3}" "a symbolic link, not followed as root (its target could be any file): not read" ;;
    *) skipped log "kind=$1 path=$2${3:+ $3}" "not a regular file ($_ty), not read" ;;
  esac
}
while read -r _k _p; do
  case $_k in
    bad:*) skipped log "kind=${_k#bad:}" "the FPM pool name is not a plain name, its log is not read: $_p" ;;
    *) log "$_k" "$_p" ;;
  esac
done <"$T/logs"

# ---------------------------------------------------------------- kernel
# journald in a container never reads /dev/kmsg, and a user outside
# adm/systemd-journal sees only their own journal: an empty kernel journal
# means "not collected", so try dmesg and kern.log next. Denied is recorded,
# never an alarm. The window's journal is read first; only when it is empty
# does `-n 1` ask whether any kernel message is visible at all.
: >"$T/kattempts"
: >"$T/k"
: >"$T/ke"
_ksrc=none
if has journalctl; then
  $TO journalctl -k --since "@$((NOW - WINDOW))" -o short-iso --no-pager -q >"$T/k" 2>"$T/ke" </dev/null
  if [ -s "$T/k" ]; then
    _ksrc=journal
  else
    $TO journalctl -k -q -n 1 --no-pager >"$T/k1" 2>>"$T/kattempts" </dev/null
    if [ -s "$T/k1" ]; then _ksrc=journal; else echo "journal: no kernel messages visible" >>"$T/kattempts"; fi
  fi
else
  echo "journal: journalctl not found" >>"$T/kattempts"
fi
if [ $_ksrc = none ]; then
  if has dmesg; then
    # The kernel ring buffer: nothing to hang on, no `timeout`.
    dmesg -T >"$T/k" 2>"$T/ke" </dev/null
    if [ -s "$T/k" ]; then
      _ksrc=dmesg
    else
      while IFS= read -r _l; do printf '%s\n' "$_l"; done <"$T/ke" >>"$T/kattempts"
      echo "dmesg: no output" >>"$T/kattempts"
    fi
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
f_ktail() { [ -s "$T/ke" ] && emit "$ERRCAP" "$T/ke" >&2; [ -s "$T/k" ] || return 0; tail -c "$MAXLOG" -- "$T/k"; }
case $_ksrc in
  journal) run kernel head:"$MAXLOG" "$ERRCAP" "source=journal" f_ktail ;;
  dmesg) run kernel head:"$MAXLOG" "$ERRCAP" "source=dmesg" f_ktail ;;
  file) run kernel head:"$MAXLOG" "$ERRCAP" "source=file path=/var/log/kern.log" tail -c "$MAXLOG" -- /var/log/kern.log ;;
esac
f_kattempts() { emit 4096 "$T/kattempts"; }
run kernel-attempts head:8192 "$ERRCAP" "source=$_ksrc" f_kattempts

# ---------------------------------------------------------------- memory
f_meminfo() {
  _r=1
  while IFS= read -r _l; do
    case $_l in MemTotal:* | MemAvailable:*) printf '%s\n' "$_l"; _r=0 ;; esac
  done </proc/meminfo
  return $_r
}
run meminfo head:4096 "$ERRCAP" "" f_meminfo

# The evidence section (src/probe/evidence.sh, sent before this script and
# defining the function `evidence`, which a shell finds before any command).
# Only our own function runs: `command -v` prints a shell function's bare name
# and a path for a program on PATH, and an `evidence` program found there when
# evidence.sh was not sent must never run (as root) in its place.
command -v evidence >"$T/cv" 2>/dev/null || :
_cv=
read -r _cv <"$T/cv" || :
if [ "$_cv" = evidence ]; then evidence; else skipped evidence "" "the evidence section (evidence.sh) was not sent with this probe"; fi

begin done ""
end done 0
}

main </dev/null
