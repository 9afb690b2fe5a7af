// The shell helpers evidence.sh uses, cut from src/probe/probe.sh itself, so a test that runs
// evidence.sh on its own runs the probe's real `run`, `emit`, `skipped`... and not a copy
// that can drift from them.
import {readFileSync} from 'node:fs'

const PROBE = readFileSync(new URL('../../../src/probe/probe.sh', import.meta.url), 'utf8')
/** What evidence.sh calls, and what those call. */
const HELPERS = ['has', 'begin', 'end', 'safe_path', 'emit', 'run', 'skipped']

/** One top-level function of probe.sh: `name() { ...; }` on one line, or up to its closing `}` line. */
function definition(name: string): string {
  const lines = PROBE.split('\n')
  const start = lines.findIndex((line) => line.startsWith(`${name}() {`))
  if (start < 0) throw new Error(`probe.sh defines no ${name}()`)
  if (lines[start].trimEnd().endsWith('}')) return lines[start]
  const close = lines.findIndex((line, index) => index > start && line === '}')
  return lines.slice(start, close + 1).join('\n')
}

export const PROBE_HELPERS = ['set -u', "NL='\n'", 'R_ERR=', ...HELPERS.map(definition)].join('\n')
