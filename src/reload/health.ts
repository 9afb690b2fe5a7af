/**
 * Health probes run with curl ON the host, against its own listener (`--resolve NAME:PORT:ADDR`
 * sets both the Host header and TLS SNI), so the probe sees exactly what that host serves.
 * A reload passes when every probe keeps its status class; moving to a better class
 * (from 4xx/5xx/no answer to 2xx/3xx) is accepted, since a push may fix or add a site.
 */
import {targetKey} from './config-facts.js'
import type {HealthResult, HealthTarget, StatusClass} from './types.js'

/** A `--health` path must be a plain absolute path: it travels inside a `|`-separated line. */
export function validHealthPath(path: string): boolean {
  return /^\/[^\s|]*$/.test(path)
}

export function encodeTargets(targets: HealthTarget[]): string[] {
  return targets.map(targetKey)
}

/** Shell: `probe_round` prints one `key|status` line per target in TARGETS (needs PROBE_TIMEOUT). */
export const PROBE_SH = String.raw`
probe_round() {
  printf '%s\n' "$TARGETS" | while IFS='|' read -r scheme addr port host path; do
    [ -n "$scheme" ] || continue
    case "$addr" in *:*) uaddr="[$addr]" ;; *) uaddr="$addr" ;; esac
    if [ "$host" = "$addr" ]; then
      code=$(curl -sk -o /dev/null -m "$PROBE_TIMEOUT" -w '%{http_code}' "$scheme://$uaddr:$port$path" 2>/dev/null)
    else
      code=$(curl -sk -o /dev/null -m "$PROBE_TIMEOUT" -w '%{http_code}' --resolve "$host:$port:$uaddr" "$scheme://$host:$port$path" 2>/dev/null)
    fi
    printf '%s|%s|%s|%s|%s|%s\n' "$scheme" "$addr" "$port" "$host" "$path" "$code"
  done
}
command -v curl >/dev/null 2>&1 || emit curl missing
`

export function statusClass(status: number): StatusClass {
  if (status >= 100 && status < 600) return `${Math.floor(status / 100)}xx` as StatusClass
  return 'error'
}

/** Parses `probe_round` output lines. */
export function parseProbeLines(lines: string[]): HealthResult[] {
  const out: HealthResult[] = []
  for (const line of lines) {
    const parts = line.split('|')
    if (parts.length !== 6) continue
    const [scheme, address, port, host, path, code] = parts
    const status = /^\d+$/.test(code) ? Number(code) : 0
    out.push({
      target: {scheme: scheme === 'https' ? 'https' : 'http', address, port: Number(port), host, path},
      status,
      class: statusClass(status),
    })
  }
  return out
}

const GOOD: StatusClass[] = ['2xx', '3xx']

/** Is `after` acceptable given `before`? Same class, or a move from a bad class to a good one. */
export function sameOrBetter(before: StatusClass, after: StatusClass): boolean {
  return before === after || (GOOD.includes(after) && !GOOD.includes(before))
}

export function describeTarget(t: HealthTarget): string {
  return `${t.scheme}://${t.host}:${t.port}${t.path}`
}

/** Each probe that regressed against the baseline, as one line. */
export function healthRegressions(baseline: HealthResult[], after: HealthResult[]): string[] {
  const before = new Map(baseline.map((r) => [targetKey(r.target), r]))
  const out: string[] = []
  for (const r of after) {
    const b = before.get(targetKey(r.target))
    if (!b) continue
    if (!sameOrBetter(b.class, r.class)) {
      out.push(`health ${describeTarget(r.target)}: ${b.status || 'no answer'} before, ${r.status || 'no answer'} after`)
    }
  }
  return out
}
