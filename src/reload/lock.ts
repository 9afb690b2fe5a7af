/**
 * Per-host reload lock: `mkdir /run/fleet-reload.lock` is atomic, and /run is a tmpfs, so a reboot
 * clears it. The `owner` file inside says who holds it (user@controller, pid, start time, run id).
 *
 * Stale locks: a lock whose owner ran on THIS controller and whose pid is gone here is stale and is
 * taken over, but only if the owner file still says exactly the same thing (the take-over compares
 * the whole line on the host). A lock from another controller is never broken automatically: the
 * operator checks the owner and removes it (`rm -rf /run/fleet-reload.lock` on the host).
 */
import {createHash} from 'node:crypto'
import {hostname, userInfo} from 'node:os'
import {pidAlive} from '../transport/pid-alive.js'

export interface LockOwner {
  user: string
  controller: string
  pid: number
  started: string
  run: string
}

export function formatOwner(owner: LockOwner): string {
  return `${owner.user}@${owner.controller} pid=${owner.pid} started=${owner.started} run=${owner.run}`
}

const OWNER = /^(\S+)@(\S+) pid=(\d+) started=(\S+) run=(\S+)$/

export function parseOwner(line: string): LockOwner | null {
  const m = OWNER.exec(line.trim())
  if (!m) return null
  return {user: m[1], controller: m[2], pid: Number(m[3]), started: m[4], run: m[5]}
}

export function currentOwner(run: string, started: Date): LockOwner {
  let user = process.env.USER ?? 'unknown'
  try {
    user = userInfo().username
  } catch {
    // No passwd entry (containers): keep $USER.
  }
  return {user, controller: hostname(), pid: process.pid, started: started.toISOString(), run}
}

/** A lock is stale when it was taken from this controller by a process that no longer runs here. */
export function isStale(owner: LockOwner, controller = hostname(), alive: (pid: number) => boolean = pidAlive): boolean {
  return owner.controller === controller && owner.pid !== process.pid && !alive(owner.pid)
}

/** Name of the aside copy a stale lock is moved to: the same for every run taking over that lock. */
export function stealId(steal: string): string {
  return steal === '' ? '' : createHash('sha256').update(steal).digest('hex').slice(0, 16)
}

/**
 * Shell: take the lock (or report its holder and stop). Needs OWNER, RUN, STEAL (the exact owner
 * line of a stale lock to take over, or empty) and STEAL_ID (stealId(STEAL)).
 *
 * Every step is one rename, which the kernel does atomically:
 * - the lock is created whole: a private directory with the owner file inside is renamed onto
 *   LOCK, which fails while LOCK exists with its owner file, so no lock is ever seen without one;
 * - a stale lock is taken over by renaming LOCK to LOCK.stale.STEAL_ID and checking the owner in
 *   that copy. Every run taking over the same stale lock uses that same name, and a rename onto a
 *   non-empty directory fails, so only one of them can move it; the copy stays until the lock is
 *   released, so a late one cannot move the winner's lock aside either. A lock moved aside that
 *   turns out not to be the stale one is put back.
 */
export const LOCK_TAKE = String.raw`
if [ -n "$STEAL" ] && [ -n "$STEAL_ID" ] && [ "$(cat "$LOCK/owner" 2>/dev/null)" = "$STEAL" ]; then
  ASIDE="$LOCK.stale.$STEAL_ID"
  if mv -T -- "$LOCK" "$ASIDE" 2>/dev/null; then
    if [ "$(cat "$ASIDE/owner" 2>/dev/null)" = "$STEAL" ]; then
      emit lock-stolen "$STEAL"
    elif ! mv -T -- "$ASIDE" "$LOCK" 2>/dev/null; then
      emit lock-error "moved a lock that was not the stale one to $ASIDE and could not put it back"
      exit 0
    fi
  fi
fi
NEWLOCK="$LOCK.new.$RUN.$$"
rm -rf -- "$NEWLOCK"
if ! { mkdir -m 700 -- "$NEWLOCK" && printf '%s\n' "$OWNER" > "$NEWLOCK/owner"; }; then
  rm -rf -- "$NEWLOCK"; emit lock-error "cannot create $NEWLOCK"; exit 0
fi
if mv -T -- "$NEWLOCK" "$LOCK" 2>/dev/null && [ "$(cat "$LOCK/owner" 2>/dev/null)" = "$OWNER" ]; then
  emit lock taken
else
  rm -rf -- "$NEWLOCK"
  emit lock held
  emit lock-owner "$(head -n1 "$LOCK/owner" 2>/dev/null)"
  exit 0
fi
`

/** Shell: release the lock only if this run holds it (its whole owner line, compared as a string). Needs OWNER. */
export const LOCK_RELEASE = String.raw`
if [ "$(cat "$LOCK/owner" 2>/dev/null)" = "$OWNER" ] && mv -T -- "$LOCK" "$LOCK.old.$$" 2>/dev/null; then
  if [ "$(cat "$LOCK.old.$$/owner" 2>/dev/null)" = "$OWNER" ]; then
    rm -rf -- "$LOCK.old.$$"
    # Stale locks this run took over were kept aside until now (see LOCK_TAKE).
    for d in "$LOCK".stale.*; do [ -d "$d" ] && rm -rf -- "$d"; done
    emit lock released
  else
    mv -T -- "$LOCK.old.$$" "$LOCK" 2>/dev/null
    emit lock not-ours
  fi
else
  emit lock not-ours
fi
`
