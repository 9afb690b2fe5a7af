/**
 * Rollback points. After a push the files on disk are already the NEW config, so "snapshot
 * /etc/nginx before reloading" would save the wrong thing. The rollback point is the config the
 * running nginx loaded, known one of two ways:
 *
 * 1. known-good: after every verified reload, fleet copies the config to
 *    /var/lib/fleet/nginx-good/HASH and writes `current` = "HASH GENERATION", where GENERATION is
 *    the master pid + start tick of the oldest current worker. If the running generation still
 *    equals it, nobody reloaded since, so HASH is exactly what runs.
 * 2. running-disk: otherwise (first run, or someone reloaded by hand), if no file nginx reads
 *    changed (ctime, which deploy tools cannot set back) since the current workers started, the
 *    disk IS the running config: it is copied and becomes the rollback point. Both times are read
 *    to the clocks' resolution in the same script run (never whole seconds), so a deploy that
 *    writes and reloads within one second still gets its rollback point.
 *
 * If neither holds, the running config is unknown and the host fails preflight with
 * `no-rollback-point`: reloading it could not be undone.
 *
 * What is copied is what nginx reads: CONFDIR (resolved with `cd -P`, so a symlinked /etc/nginx is
 * copied as the directory it points to) as a tree, symlinks kept, and the content of every file of
 * the `nginx -T` dump that resolves outside it (a site file linked in from an app's directory), by
 * its resolved path. A snapshot GOOD/HASH holds `tree/`, `extra.list` (one resolved path a line) and
 * `extra/N` (the N-th file's content). HASH covers both, and a restore is reported only once the
 * live files hash to it again.
 */

/** A config hash as the scripts print it: 16 hex digits. Anything else from a host is refused. */
export const HASH = /^[0-9a-f]{16}$/

export function validHash(value: string | null | undefined): string | null {
  return value && HASH.test(value) ? value : null
}

/**
 * Shell helpers: `extra_files LIST` writes the resolved files nginx reads outside CONFDIR;
 * `config_hash TREE LIST [CONTENTDIR]` hashes a tree plus the listed files (from CONTENTDIR/N when
 * given, else live); `unsafe_dir FILE` prints the first directory above FILE that a user other than
 * root could change (root must not write there); `snapshot HASH LIST` copies everything to GOOD/HASH
 * and checks the copy hashes the same.
 */
export const SNAPSHOT_SH = String.raw`
extra_files() {
  : > "$1"; : > "$FLEET_TMP/mismatch"
  [ -s "$FLEET_TMP/dump" ] || $NGINX -T > "$FLEET_TMP/dump" 2>/dev/null
  rm -f "$FLEET_TMP"/seg.*
  # One file per "# configuration file" section; a section must be exactly that file plus the
  # newline nginx adds, so a header forged inside a file (or a file changed meanwhile) is caught.
  FLEET_D=$FLEET_TMP LC_ALL=C awk '
    /^# configuration file \/.*:$/ { if (out != "") close(out); n++; out = ENVIRON["FLEET_D"] "/seg." n
      print substr($0, 22, length($0) - 22) > (ENVIRON["FLEET_D"] "/seg.names"); printf "" > out; next }
    out != "" { print > out }' "$FLEET_TMP/dump"
  [ -f "$FLEET_TMP/seg.names" ] || return 0
  n=0
  while IFS= read -r f; do
    n=$((n + 1))
    if ! head -c -1 "$FLEET_TMP/seg.$n" | cmp -s - "$f"; then printf '%s\n' "$f" >> "$FLEET_TMP/mismatch"; continue; fi
    r=$(readlink -f -- "$f" 2>/dev/null) || continue
    [ -f "$r" ] || continue
    case $r in "$CONFDIR"/*) continue ;; esac
    printf '%s\n' "$r"
  done < "$FLEET_TMP/seg.names" | LC_ALL=C sort -u > "$1"
  # One forged section makes every header suspect: nothing is listed.
  if [ -s "$FLEET_TMP/mismatch" ]; then : > "$1"; return 1; fi
}
config_hash() {
  { tree_hash "$1"; n=0
    while IFS= read -r f; do
      n=$((n + 1))
      if [ -n "$3" ]; then src="$3/$n"; else src=$f; fi
      printf '%s %s\n' "$(sha256sum < "$src" 2>/dev/null | cut -c1-64)" "$f"
    done < "$2"
  } | sha256sum | cut -c1-16
}
unsafe_dir() {
  d=$1
  while [ "$d" != / ] && [ -n "$d" ]; do
    d=$(dirname -- "$d")
    case "$(stat -c '%u:%A' -- "$d" 2>/dev/null)" in 0:d????-??-?) ;; *) printf '%s\n' "$d"; return 0 ;; esac
  done
  return 1
}
snapshot() {
  [ -d "$GOOD/$1/tree" ] && return 0
  mkdir -p "$GOOD" && chmod 700 "$STATE" || return 1
  t="$GOOD/$1.tmp"
  rm -rf "$t" && mkdir "$t" "$t/extra" || return 1
  cp -a -- "$CONFDIR" "$t/tree" && cp -- "$2" "$t/extra.list" || return 1
  n=0
  while IFS= read -r f; do
    n=$((n + 1))
    cp -p -- "$f" "$t/extra/$n" || return 1
  done < "$2"
  if [ "$(config_hash "$t/tree" "$t/extra.list" "$t/extra")" != "$1" ]; then rm -rf "$t"; return 1; fi
  rm -rf "$GOOD/$1" && mv -T -- "$t" "$GOOD/$1"
}
set_current() { printf '%s %s\n' "$1" "$2" > "$GOOD/current.tmp" && mv "$GOOD/current.tmp" "$GOOD/current"; }
`

/** Shell (preflight): hash the new config and settle the rollback point. Needs CONFDIR (from INSPECT_SH). */
export const ROLLBACK_POINT_SH = String.raw`
LIST="$FLEET_TMP/extra.list"
DUMP_OK=yes
extra_files "$LIST" || DUMP_OK=no
begin extra; cat "$LIST"; end extra
begin unrestorable
while IFS= read -r f; do
  if u=$(unsafe_dir "$f"); then printf '%s\t%s\n' "$f" "$u"; fi
done < "$LIST"
end unrestorable
NEWHASH=$(config_hash "$CONFDIR" "$LIST" "")
emit new-hash "$NEWHASH"
GEN=$(generation)
emit generation "$GEN"
CUR=""; CURGEN=""
[ -f "$GOOD/current" ] && read -r CUR CURGEN < "$GOOD/current"
case $CUR in *[!0-9a-f]*) CUR="" ;; esac
if [ "$DUMP_OK" = no ]; then
  emit snapshot-error "nginx -T shows $(head -n1 "$FLEET_TMP/mismatch") otherwise than it is on disk (a '# configuration file' line inside a file, or a file changed meanwhile): the files nginx reads are not known"
elif [ -n "$GEN" ] && [ -n "$CUR" ] && [ "$CURGEN" = "$GEN" ] && [ -d "$GOOD/$CUR/tree" ]; then
  emit rollback-hash "$CUR"
  emit rollback-source known-good
elif [ -n "$GEN" ]; then
  # When did the running workers start, on the wall clock? Their start tick (/proc/PID/stat) and
  # /proc/uptime are the same clock; the wall clock is read just before uptime. Both are truncated
  # (1/CLK_TCK, 1/100 s), so LOAD is taken as early as they allow: a change in those few
  # milliseconds before the load is refused, never a change after it accepted.
  TICK=$(printf '%s\n' "$GEN" | cut -d: -f2); TCK=$(getconf CLK_TCK 2>/dev/null)
  NOW=$(date +%s.%N); UP=$(cut -d' ' -f1 /proc/uptime)
  if digits "$TICK" && digits "$TCK" && [ "$TCK" -gt 0 ] && printf '%s\n%s\n' "$NOW" "$UP" | grep -qvE '^[0-9]+\.[0-9]+$'; then TCK=""; fi
  if digits "$TICK" && digits "$TCK" && [ "$TCK" -gt 0 ]; then
    { find "$CONFDIR" -printf '%C@\t%p\n'
      while IFS= read -r f; do find "$f" -maxdepth 0 -printf '%C@\t%p\n'; done < "$LIST"
    } > "$FLEET_TMP/ctimes" 2>/dev/null
    CHANGED=$(FLEET_NOW=$NOW FLEET_UP=$UP FLEET_TICK=$TICK FLEET_TCK=$TCK LC_ALL=C awk -F'\t' '
      BEGIN { load = ENVIRON["FLEET_NOW"] - (ENVIRON["FLEET_UP"] + 0.01 - ENVIRON["FLEET_TICK"] / ENVIRON["FLEET_TCK"]); printf "%.3f\n", load > "/dev/stderr" }
      $1 ~ /^[0-9]+(\.[0-9]+)?$/ && $1 + 0 >= load { printf "%.3f\t%s\n", $1 - load, substr($0, length($1) + 2) }' "$FLEET_TMP/ctimes" 2>"$FLEET_TMP/load" | sort -rn | head -n 10)
    emit loaded-at "$(cat "$FLEET_TMP/load")"
    if [ -z "$CHANGED" ]; then
      if snapshot "$NEWHASH" "$LIST" && set_current "$NEWHASH" "$GEN"; then
        emit rollback-hash "$NEWHASH"
        emit rollback-source running-disk
      else
        emit snapshot-error "could not copy $CONFDIR and the files it includes to $GOOD/$NEWHASH"
      fi
    else
      begin changed; printf '%s\n' "$CHANGED"; end changed
    fi
  else
    emit snapshot-error "could not read the workers' start time (/proc/uptime, /proc/PID/stat, getconf CLK_TCK)"
  fi
fi
`

/**
 * Shell (rollback): keep the failed config for inspection, swap the snapshot's tree in, write each
 * outside file back by its path, then hash the live files: `restore ok` only when they hash to the
 * rollback point, else what differs. Needs CONFDIR, RESTORE, RUN.
 */
export const RESTORE_SH = String.raw`
SNAP="$GOOD/$RESTORE"
case $RESTORE in ''|*[!0-9a-f]*) emit restore "bad snapshot name"; exit 0 ;; esac
if [ ! -d "$SNAP/tree" ] || [ ! -f "$SNAP/extra.list" ]; then emit restore "missing snapshot $SNAP"; exit 0; fi
mkdir -p "$STATE/nginx-failed"
KEEP="$STATE/nginx-failed/$(date -u +%Y%m%dT%H%M%SZ)-$RUN"
mkdir -p "$KEEP/extra" && cp -a -- "$CONFDIR" "$KEEP/tree" && cp -- "$SNAP/extra.list" "$KEEP/extra.list" && emit failed-kept "$KEEP"
n=0
while IFS= read -r f; do n=$((n + 1)); cp -p -- "$f" "$KEEP/extra/$n" 2>/dev/null; done < "$SNAP/extra.list"
rm -rf "$CONFDIR.fleet-restore" "$CONFDIR.fleet-old"
if cp -a -- "$SNAP/tree" "$CONFDIR.fleet-restore" && mv -T -- "$CONFDIR" "$CONFDIR.fleet-old" && mv -T -- "$CONFDIR.fleet-restore" "$CONFDIR"; then
  rm -rf "$CONFDIR.fleet-old"
else
  [ -d "$CONFDIR" ] || mv -T -- "$CONFDIR.fleet-old" "$CONFDIR"
  emit restore "copy of $SNAP/tree to $CONFDIR failed"
  exit 0
fi
n=0; BAD=""
while IFS= read -r f; do
  n=$((n + 1))
  if unsafe_dir "$f" >/dev/null; then BAD="$BAD $f"; continue; fi
  cp -p -- "$SNAP/extra/$n" "$f.fleet-restore" && mv -f -T -- "$f.fleet-restore" "$f" || BAD="$BAD $f"
done < "$SNAP/extra.list"
LIVE=$(config_hash "$CONFDIR" "$SNAP/extra.list" "")
emit restored-hash "$LIVE"
# The restored config must also read no file the rollback point lacks (one a glob outside CONFDIR
# picks up since): nginx -T again, on the restored files.
rm -f "$FLEET_TMP/dump"; READS=""
if ! extra_files "$FLEET_TMP/now.list"; then
  READS="nginx -T shows $(head -n1 "$FLEET_TMP/mismatch") otherwise than it is on disk"
elif ! cmp -s "$FLEET_TMP/now.list" "$SNAP/extra.list"; then
  READS="nginx reads files the rollback point does not have: $(LC_ALL=C comm -13 "$SNAP/extra.list" "$FLEET_TMP/now.list" | head -n 5 | paste -sd' ')"
fi
if [ "$LIVE" = "$RESTORE" ] && [ -z "$READS" ]; then
  emit restore ok
elif [ -n "$READS" ]; then
  emit restore "$READS"
  exit 0
else
  begin restore-diff
  diff -rq --no-dereference -- "$SNAP/tree" "$CONFDIR" 2>&1 | head -n 10
  n=0
  while IFS= read -r f; do n=$((n + 1)); cmp -s -- "$SNAP/extra/$n" "$f" || printf '%s differs\n' "$f"; done < "$SNAP/extra.list"
  end restore-diff
  emit restore "the live config hashes $LIVE, not the rollback point $RESTORE"
  exit 0
fi
`

/** Shell (commit): record the verified running config as known-good, prune old copies. Needs CONFDIR, EXPECT. */
export const RECORD_GOOD_SH = String.raw`
if [ -n "$EXPECT" ]; then
  LIST="$FLEET_TMP/extra.list"
  H=""; extra_files "$LIST" && H=$(config_hash "$CONFDIR" "$LIST" ""); G=$(generation)
  if [ -n "$H" ] && [ "$H" = "$EXPECT" ] && [ -n "$G" ] && snapshot "$H" "$LIST" && set_current "$H" "$G"; then
    emit recorded "$H"
  else
    emit record-skipped "config on disk hashes $H, expected $EXPECT"
  fi
  CURH=$(cut -d' ' -f1 "$GOOD/current" 2>/dev/null)
  # Only names fleet made are pruned: 16 hex digits here, DATE-RUN under nginx-failed.
  ls -1t "$GOOD" | grep -E '^[0-9a-f]{16}$' | tail -n +6 | while IFS= read -r d; do [ "$d" = "$CURH" ] || rm -rf "$GOOD/$d"; done
  ls -1t "$STATE/nginx-failed" 2>/dev/null | grep -E '^[0-9]{8}T[0-9]{6}Z-[0-9a-f]+$' | tail -n +6 | while IFS= read -r d; do rm -rf "$STATE/nginx-failed/$d"; done
fi
`
