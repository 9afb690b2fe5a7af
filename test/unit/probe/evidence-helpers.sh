# The probe.sh helpers evidence.sh uses (begin end run skipped safe_path has),
# as probe.sh defines them, for running evidence.sh on its own in tests.
set -u
has() { command -v "$1" >/dev/null 2>&1; }
begin() { printf '==FLEET %s BEGIN %s%s==\n' "$N" "$1" "${2:+ $2}"; }
end() { printf '\n==FLEET %s END %s rc=%s==\n' "$N" "$1" "$2"; }
safe_path() {
  case $1 in /*) ;; *) return 1 ;; esac
  case $1 in *[!A-Za-z0-9._/+@:,-]*) return 1 ;; esac
  return 0
}
bound() { case $1 in tail:*) tail -c "${1#tail:}" ;; *) head -c "${1#head:}" ;; esac; }
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
  if [ -s "$T/e" ]; then begin "$r_s.stderr" "$r_a"; head -c "$r_e" "$T/e"; end "$r_s.stderr" 0; fi
  rm -f "$T/e" "$T/r"
}
skipped() {
  begin "$1" "$2"; end "$1" 1
  begin "$1.stderr" "$2"; printf '%s\n' "$3" | head -c 1024; end "$1.stderr" 0
}
