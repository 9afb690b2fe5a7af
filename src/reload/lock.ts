/**
 * Per-host reload lock: `mkdir /run/fleet-reload.lock` is atomic, and /run is a tmpfs, so a reboot
 * clears it. The `owner` file inside says who holds it (user@controller, pid, start time, run id).
 *
 * Stale locks: a lock whose owner ran on THIS controller and whose pid is gone here is stale and is
 * taken over, but only if the owner file still says exactly the same thing (the take-over compares
 * the whole line on the host). A lock from another controller is never broken automatically: the
 * operator checks the owner and removes it (`rm -rf /run/fleet-reload.lock` on the host).
 */
import {hostname, userInfo} from 'node:os'

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

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** A lock is stale when it was taken from this controller by a process that no longer runs here. */
export function isStale(owner: LockOwner, controller = hostname(), alive: (pid: number) => boolean = pidAlive): boolean {
  return owner.controller === controller && owner.pid !== process.pid && !alive(owner.pid)
}

/**
 * Shell: take the lock (or report its holder and stop). Needs OWNER, RUN and STEAL (the exact
 * owner line of a stale lock to take over, or empty).
 */
export const LOCK_TAKE = String.raw`
if [ -n "$STEAL" ] && [ "$(cat "$LOCK/owner" 2>/dev/null)" = "$STEAL" ]; then rm -rf "$LOCK"; emit lock-stolen "$STEAL"; fi
if mkdir "$LOCK" 2>/dev/null; then
  printf '%s\n' "$OWNER" > "$LOCK/owner"
  emit lock taken
else
  emit lock held
  emit lock-owner "$(head -n1 "$LOCK/owner" 2>/dev/null)"
  exit 0
fi
`

/** Shell: release the lock only if this run holds it. Needs RUN. */
export const LOCK_RELEASE = String.raw`
if grep -q " run=$RUN\$" "$LOCK/owner" 2>/dev/null; then rm -rf "$LOCK"; emit lock released; else emit lock not-ours; fi
`
