/**
 * Rollback points. After a push the files on disk are already the NEW config, so "snapshot
 * /etc/nginx before reloading" would save the wrong thing. The rollback point is the config the
 * running nginx loaded, known one of two ways:
 *
 * 1. known-good: after every verified reload, fleet copies the tree to
 *    /var/lib/fleet/nginx-good/HASH and writes `current` = "HASH GENERATION", where GENERATION is
 *    the master pid + start tick of the oldest current worker. If the running generation still
 *    equals it, nobody reloaded since, so HASH is exactly what runs.
 * 2. running-disk: otherwise (first run, or someone reloaded by hand), if no file under the config
 *    dir changed (ctime, which deploy tools cannot set back) since the current workers started,
 *    the disk IS the running config: it is copied and becomes the rollback point.
 *
 * If neither holds, the running config is unknown and the host fails preflight with
 * `no-rollback-point`: reloading it could not be undone.
 */

/** Shell: `snapshot HASH` copies CONFDIR to GOOD/HASH and checks the copy hashes the same. */
export const SNAPSHOT_SH = String.raw`
snapshot() {
  [ -d "$GOOD/$1" ] && return 0
  mkdir -p "$GOOD" && chmod 700 "$STATE" || return 1
  rm -rf "$GOOD/$1.tmp"
  cp -a "$CONFDIR" "$GOOD/$1.tmp" || return 1
  if [ "$(tree_hash "$GOOD/$1.tmp")" != "$1" ]; then rm -rf "$GOOD/$1.tmp"; return 1; fi
  mv "$GOOD/$1.tmp" "$GOOD/$1"
}
set_current() { printf '%s %s\n' "$1" "$2" > "$GOOD/current.tmp" && mv "$GOOD/current.tmp" "$GOOD/current"; }
`

/** Shell (preflight): hash the new tree and settle the rollback point. Needs CONFDIR. */
export const ROLLBACK_POINT_SH = String.raw`
NEWHASH=$(tree_hash "$CONFDIR")
emit new-hash "$NEWHASH"
GEN=$(generation)
emit generation "$GEN"
CUR=""; CURGEN=""
[ -f "$GOOD/current" ] && read -r CUR CURGEN < "$GOOD/current"
if [ -n "$GEN" ] && [ -n "$CUR" ] && [ "$CURGEN" = "$GEN" ] && [ -d "$GOOD/$CUR" ]; then
  emit rollback-hash "$CUR"
  emit rollback-source known-good
elif [ -n "$GEN" ]; then
  TCK=$(getconf CLK_TCK 2>/dev/null || echo 100)
  BTIME=$(awk '/^btime/ {print $2}' /proc/stat)
  LOADED=$((BTIME + $(echo "$GEN" | cut -d: -f2) / TCK))
  emit loaded-at "$LOADED"
  # One second of slack: btime is whole seconds, so a change that close to the load counts as after it.
  CHANGED=$(find "$CONFDIR" -printf '%C@ %p\n' | awk -v t="$LOADED" 'int($1) >= t - 1 {print $2}' | head -n 10)
  if [ -z "$CHANGED" ]; then
    if snapshot "$NEWHASH" && set_current "$NEWHASH" "$GEN"; then
      emit rollback-hash "$NEWHASH"
      emit rollback-source running-disk
    else
      emit snapshot-error "could not copy $CONFDIR to $GOOD/$NEWHASH"
    fi
  else
    begin changed; printf '%s\n' "$CHANGED"; end changed
  fi
fi
`

/** Shell (rollback): keep the failed tree for inspection, then swap the snapshot in. Needs CONFDIR, RESTORE, RUN. */
export const RESTORE_SH = String.raw`
SNAP="$GOOD/$RESTORE"
if [ -z "$RESTORE" ] || [ ! -d "$SNAP" ]; then emit restore "missing snapshot $SNAP"; exit 0; fi
mkdir -p "$STATE/nginx-failed"
KEEP="$STATE/nginx-failed/$(date -u +%Y%m%dT%H%M%SZ)-$RUN"
cp -a "$CONFDIR" "$KEEP" && emit failed-kept "$KEEP"
rm -rf "$CONFDIR.fleet-restore" "$CONFDIR.fleet-old"
if cp -a "$SNAP" "$CONFDIR.fleet-restore" && mv "$CONFDIR" "$CONFDIR.fleet-old" && mv "$CONFDIR.fleet-restore" "$CONFDIR"; then
  rm -rf "$CONFDIR.fleet-old"
  emit restore ok
else
  [ -d "$CONFDIR" ] || mv "$CONFDIR.fleet-old" "$CONFDIR"
  emit restore "copy of $SNAP to $CONFDIR failed"
  exit 0
fi
`

/** Shell (commit): record the verified running tree as known-good, prune old copies. Needs CONFDIR, EXPECT. */
export const RECORD_GOOD_SH = String.raw`
if [ -n "$EXPECT" ]; then
  H=$(tree_hash "$CONFDIR"); G=$(generation)
  if [ "$H" = "$EXPECT" ] && [ -n "$G" ] && snapshot "$H" && set_current "$H" "$G"; then
    emit recorded "$H"
  else
    emit record-skipped "tree on disk hashes $H, expected $EXPECT"
  fi
  CURH=$(cut -d' ' -f1 "$GOOD/current" 2>/dev/null)
  ls -1t "$GOOD" | grep -v -e '^current' -e '\.tmp$' | tail -n +6 | while read -r d; do [ "$d" = "$CURH" ] || rm -rf "$GOOD/$d"; done
  ls -1t "$STATE/nginx-failed" 2>/dev/null | tail -n +6 | while read -r d; do rm -rf "$STATE/nginx-failed/$d"; done
fi
`
