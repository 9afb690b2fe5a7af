/**
 * Remote work travels as one POSIX sh script on stdin (`sh -s`), so each phase is one round trip.
 * Values go in as variable assignments built with shellQuote, never spliced into the script body.
 * The script answers in sections: `@@TAG:key value` lines and `@@TAG:begin NAME` ... `@@TAG:end NAME`
 * blocks. TAG is random per script, as the probe's nonce: blocks carry `nginx -T` output and
 * error-log lines, and nothing in them can end a block or forge a value.
 */
import {randomBytes} from 'node:crypto'

import {shellQuote} from '../transport/quote.js'
import type {Transport} from '../transport/types.js'

const NAME = /^[A-Z][A-Z0-9_]*$/

/** A phase script and the tag its sections are marked with. */
export interface PhaseScript {
  text: string
  tag: string
}

/** Marker prefix of a tag; the empty tag gives the bare `@@` markers of recorded fixtures. */
const markerPrefix = (tag: string): string => (tag === '' ? '@@' : `@@${tag}:`)

/** Prepends `NAME='value'` lines to `body`; list values are joined with newlines. */
export function buildScript(
  vars: Record<string, string | number | string[]>,
  body: string,
  tag: string = randomBytes(6).toString('hex'),
): PhaseScript {
  const lines = ['set -u', `FLEET_MARK=${shellQuote(markerPrefix(tag))}`]
  for (const [name, value] of Object.entries(vars)) {
    if (!NAME.test(name)) throw new Error(`buildScript: bad variable name ${name}`)
    const text = Array.isArray(value) ? value.join('\n') : String(value)
    lines.push(`${name}=${shellQuote(text)}`)
  }
  // The body runs as one function with stdin from /dev/null: sh parses it whole before running it,
  // so no command inside can swallow the rest of the script from stdin.
  return {text: `${lines.join('\n')}\n${SHARED}\nfleet_main() {\n${body}\n}\nfleet_main </dev/null\n`, tag}
}

/** Helpers every phase script uses. `begin`/`end` put a newline before the end marker so unterminated output cannot swallow it. */
const SHARED = String.raw`
emit() { printf '%s%s %s\n' "$FLEET_MARK" "$1" "$2"; }
begin() { printf '%sbegin %s\n' "$FLEET_MARK" "$1"; }
end() { printf '\n%send %s\n' "$FLEET_MARK" "$1"; }
# Everything a host says is data: a value goes into arithmetic or a test only after this check.
digits() { case $1 in ''|*[!0-9]*) return 1 ;; esac; }
FLEET_TMP=$(mktemp -d 2>/dev/null) || FLEET_TMP=/nonexistent
trap 'rm -rf "$FLEET_TMP"' EXIT
NGINX=$(command -v nginx 2>/dev/null || echo /usr/sbin/nginx)
NGINX_EXE=$(readlink -f -- "$NGINX" 2>/dev/null)
SELF_PIDNS=$(readlink /proc/self/ns/pid 2>/dev/null)
# The master: a process titled "nginx: master" that IS this host's nginx (its binary, root, this PID
# namespace); a container's nginx or a user's process named like one is not it.
master_pid() {
  for p in $(ps -eo pid=,args= | awk '$2=="nginx:" && $3=="master" {print $1}'); do
    digits "$p" || continue
    exe=$(readlink "/proc/$p/exe" 2>/dev/null) || continue
    # After a package upgrade the running binary shows as "PATH (deleted)".
    exe=$(printf '%s\n' "$exe" | sed 's/ (deleted)$//')
    [ -n "$NGINX_EXE" ] && [ "$exe" = "$NGINX_EXE" ] || continue
    [ -n "$SELF_PIDNS" ] && [ "$(readlink "/proc/$p/ns/pid" 2>/dev/null)" = "$SELF_PIDNS" ] || continue
    [ "$(awk '$1=="Uid:" {print $2 ":" $3}' "/proc/$p/status" 2>/dev/null)" = 0:0 ] || continue
    echo "$p"; return 0
  done
}
# Current-generation workers only: old ones say "worker process is shutting down".
worker_pids() {
  digits "$1" || return 0
  ps -eo pid=,ppid=,args= | FLEET_M=$1 awk '$2 == ENVIRON["FLEET_M"] + 0 && $3=="nginx:" && $4=="worker" && $5=="process" && NF==5 {print $1}' | sort -n | tr '\n' ' '
}
# Start tick of a process (field 22 of /proc/PID/stat, counted after the ")" that ends its name).
start_tick() { t=$(sed -n 's/.*) //p' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f20); digits "$t" && echo "$t"; }
# Marker of the running config generation: master pid + start tick of the oldest current worker.
generation() {
  m=$(master_pid); oldest=""
  for p in $(worker_pids "$m"); do
    digits "$p" || continue
    s=$(start_tick "$p") || continue
    if [ -z "$oldest" ] || [ "$s" -lt "$oldest" ]; then oldest=$s; fi
  done
  [ -n "$m" ] && [ -n "$oldest" ] && echo "$m:$oldest"
}
# Content hash of a config tree: tar with normalised metadata, so equal trees hash equal on every host.
tree_hash() { tar -C "$1" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf - . 2>/dev/null | sha256sum | cut -c1-16; }
STATE=/var/lib/fleet
GOOD=$STATE/nginx-good
LOCK=/run/fleet-reload.lock
`

export interface Sections {
  values: Map<string, string>
  blocks: Map<string, string>
}

/** Reads the sections marked with `tag`; anything else (including markers with another tag) is ignored. */
export function parseSections(stdout: string, tag = ''): Sections {
  const values = new Map<string, string>()
  const blocks = new Map<string, string>()
  const prefix = markerPrefix(tag)
  const lines = stdout.split('\n')
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].startsWith(prefix)) continue
    const line = lines[i].slice(prefix.length)
    const begin = /^begin (\S+)$/.exec(line)
    if (begin) {
      const name = begin[1]
      const body: string[] = []
      let j = i + 1
      while (j < lines.length && lines[j] !== `${prefix}end ${name}`) body.push(lines[j++])
      // end() printed one newline of its own before the marker.
      if (body.length > 0 && body[body.length - 1] === '') body.pop()
      blocks.set(name, body.join('\n'))
      i = j
      continue
    }
    const kv = /^(\S+) ?(.*)$/.exec(line)
    if (kv) values.set(kv[1], kv[2])
  }
  return {values, blocks}
}

export function blockLines(sections: Sections, name: string): string[] {
  const text = sections.blocks.get(name) ?? ''
  return text === '' ? [] : text.split('\n')
}

export interface RunOptions {
  timeoutMs: number
  signal?: AbortSignal
}

/** Runs one phase script on a host (through `sudo -n` when the host needs it). */
export async function runScript(transport: Transport, script: PhaseScript, options: RunOptions): Promise<Sections & {code: number | null; stderr: string}> {
  const result = await transport.exec('sh -s', {
    stdin: script.text,
    sudo: transport.host.sudo,
    timeoutMs: options.timeoutMs,
    signal: options.signal,
  })
  return {...parseSections(result.stdout, script.tag), code: result.code, stderr: result.stderr}
}
