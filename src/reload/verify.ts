/**
 * One round trip per host: `nginx -t`, reload (systemctl, else service, else `nginx -s reload`),
 * wait for the new worker generation, probe health through the settle period, then read what the
 * error logs gained since the reload. The judging is done here, on the controller, from the output.
 */
import type {Transport} from '../transport/types.js'
import {encodeTargets, healthRegressions, parseProbeLines, PROBE_SH} from './health.js'
import {blockLines, buildScript, runScript, type Sections} from './remote.js'
import {validPath} from './preflight.js'
import {RESTORE_SH, SNAPSHOT_SH, validHash} from './snapshot.js'
import type {HealthResult, HealthTarget, VerifyResult} from './types.js'

export const RELOAD_SH = String.raw`
M0=$(master_pid); W0=$(worker_pids "$M0")
emit master-before "$M0"; emit workers-before "$W0"
# Error log sizes before the reload, so only what the reload and settle period add is read: one
# number per LOGS line, in order (a path is never read back out of this list), digits only.
SIZES=""
set -f; OLDIFS=$IFS; IFS='
'
for f in $LOGS; do
  s=$(stat -c %s -- "$f" 2>/dev/null); digits "$s" || s=0
  SIZES="$SIZES $s"
done
IFS=$OLDIFS; set +f
T=$($NGINX -t 2>&1); TC=$?
emit test-code "$TC"; begin test; printf '%s\n' "$T"; end test
[ "$TC" = 0 ] || exit 0
if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet nginx; then
  METHOD="systemctl reload nginx"; R=$(systemctl reload nginx 2>&1); RC=$?
elif command -v service >/dev/null 2>&1 && [ -x /etc/init.d/nginx ]; then
  METHOD="service nginx reload"; R=$(service nginx reload 2>&1); RC=$?
else
  METHOD="nginx -s reload"; R=$($NGINX -s reload 2>&1); RC=$?
fi
emit method "$METHOD"; emit reload-code "$RC"; begin reload-output; printf '%s\n' "$R"; end reload-output
overlap() { for p in $1; do case " $2 " in *" $p "*) return 0 ;; esac; done; return 1; }
i=0; W1=""
while [ "$i" -lt "$WAIT_TENTHS" ]; do
  kill -0 "$M0" 2>/dev/null || break
  W1=$(worker_pids "$M0")
  if [ -n "$W1" ] && ! overlap "$W0" "$W1"; then break; fi
  sleep 0.1; i=$((i+1))
done
emit master-after "$(master_pid)"; emit workers-after "$W1"
START=$(date +%s); n=0
while :; do
  n=$((n+1)); begin "health-$n"; probe_round; end "health-$n"
  [ $(( $(date +%s) - START )) -ge "$SETTLE" ] && break
  sleep 1
done
emit rounds "$n"
emit master-final "$(master_pid)"
begin errors
set -f; set -- $SIZES; IFS='
'
for f in $LOGS; do
  [ "$#" -gt 0 ] || break
  s=$1; shift
  [ -f "$f" ] || continue
  now=$(stat -c %s -- "$f" 2>/dev/null); digits "$now" || continue
  [ "$now" -lt "$s" ] && s=0
  tail -c "+$((s + 1))" -- "$f" | grep -E '\[(emerg|alert|crit)\]' | head -n 20
done
IFS=$OLDIFS; set +f
end errors
`

export interface ReloadContext {
  run: string
  confDir: string
  targets: HealthTarget[]
  errorLogs: string[]
  baseline: HealthResult[]
  settleSeconds: number
  probeTimeoutSeconds: number
  /** Hash of the snapshot to restore first (rollback), or null for a plain reload. */
  restore: string | null
  timeoutMs: number
  signal?: AbortSignal
}

const pids = (text: string | undefined): number[] =>
  (text ?? '').split(/\s+/).filter((p) => /^\d+$/.test(p)).map(Number)

/** Judges one reload from its output. Every failed criterion becomes one line. */
/** `restoring`: the rollback point's hash when this was a rollback, else null. */
export function judgeReload(s: Sections, baseline: HealthResult[], restoring: string | null): VerifyResult {
  const failures: string[] = []
  const masterBefore = pids(s.values.get('master-before'))[0] ?? null
  const masterAfter = pids(s.values.get('master-after'))[0] ?? null
  const masterFinal = pids(s.values.get('master-final'))[0] ?? null
  const workersBefore = pids(s.values.get('workers-before'))
  const workersAfter = pids(s.values.get('workers-after'))
  const result: VerifyResult = {
    ok: false,
    failures,
    method: s.values.get('method') ?? null,
    masterBefore,
    masterAfter,
    workersBefore,
    workersAfter,
    errorLines: blockLines(s, 'errors'),
    health: [],
  }
  if (restoring !== null) {
    // Rolled back only when the live files hash to the rollback point again, whatever else passes.
    const restored = validHash(s.values.get('restored-hash'))
    if (s.values.get('restore') !== 'ok' || restored !== restoring) {
      const diff = blockLines(s, 'restore-diff').filter((l) => l.trim() !== '')
      failures.push(`restore: ${s.values.get('restore') ?? 'did not run'}${diff.length > 0 ? ` (${diff.join('; ')})` : ''}`)
      return result
    }
  }
  if (s.values.get('test-code') !== '0') {
    const lines = blockLines(s, 'test').filter((l) => l.trim() !== '')
    failures.push(`nginx -t failed: ${(lines.find((l) => /\[emerg\]/.test(l)) ?? lines.pop() ?? 'no output').replace(/^nginx: /, '')}`)
    return result
  }
  if (s.values.get('reload-code') !== '0') {
    failures.push(`${result.method} exited ${s.values.get('reload-code')}: ${blockLines(s, 'reload-output').join(' ').trim()}`)
  }
  if (masterBefore === null) failures.push('no nginx master was running before the reload')
  else if (masterAfter !== masterBefore || masterFinal !== masterBefore) {
    failures.push(`nginx master ${masterBefore} is gone after the reload (now ${masterFinal ?? masterAfter ?? 'none'})`)
  }
  if (workersAfter.length === 0 || workersAfter.some((p) => workersBefore.includes(p))) {
    failures.push('no new worker generation appeared: the master did not load the new config (see the error log)')
  }
  for (const line of result.errorLines) failures.push(`error log: ${line}`)
  const rounds = Number(s.values.get('rounds') ?? '0')
  for (let n = 1; n <= rounds; n++) {
    const round = parseProbeLines(blockLines(s, `health-${n}`))
    result.health = round
    for (const r of healthRegressions(baseline, round)) if (!failures.includes(r)) failures.push(r)
  }
  result.ok = failures.length === 0
  return result
}

export async function reloadAndVerify(transport: Transport, ctx: ReloadContext): Promise<VerifyResult> {
  if (ctx.restore !== null && !validHash(ctx.restore)) throw new Error(`bad rollback point ${JSON.stringify(ctx.restore)}`)
  if (!validPath(ctx.confDir)) throw new Error(`bad config directory ${JSON.stringify(ctx.confDir)}`)
  const vars = {
    CONFDIR: ctx.confDir,
    RESTORE: ctx.restore ?? '',
    RUN: ctx.run,
    TARGETS: encodeTargets(ctx.targets),
    PROBE_TIMEOUT: ctx.probeTimeoutSeconds,
    SETTLE: ctx.settleSeconds,
    WAIT_TENTHS: 150,
    LOGS: ctx.errorLogs.filter(validPath),
  }
  const body = (ctx.restore ? SNAPSHOT_SH + RESTORE_SH : '') + PROBE_SH + RELOAD_SH
  const s = await runScript(transport, buildScript(vars, body), {timeoutMs: ctx.timeoutMs, signal: ctx.signal})
  return judgeReload(s, ctx.baseline, ctx.restore)
}

