// Host data is data: no script fleet runs as root on a host splices a value into program text.
// The scan covers probe.sh, its evidence section (evidence.sh) and every multi-line String.raw template under src/ (the reload phase
// scripts and anything added later), so a new script is covered without being listed here.
import {readdirSync, readFileSync} from 'node:fs'
import {join, relative} from 'node:path'
import {fileURLToPath} from 'node:url'

import {describe, expect, it} from 'vitest'

import {scanShell} from './support/shell-scan.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, {withFileTypes: true}).flatMap((e) => {
    const path = join(dir, e.name)
    return e.isDirectory() ? sourceFiles(path) : e.name.endsWith('.ts') ? [path] : []
  })
}

/** Every shell script fleet sends to hosts: probe.sh, evidence.sh and the multi-line String.raw templates in src/. */
function hostScripts(): {name: string; text: string}[] {
  const scripts = ['src/probe/probe.sh', 'src/probe/evidence.sh'].map((name) => ({name, text: readFileSync(join(ROOT, name), 'utf8')}))
  for (const file of [...sourceFiles(join(ROOT, 'src')), ...sourceFiles(join(ROOT, 'commands'))]) {
    const source = readFileSync(file, 'utf8')
    for (const m of source.matchAll(/String\.raw`((?:[^`\\]|\\.)*)`/g)) {
      if (!m[1].includes('\n')) continue
      const line = source.slice(0, m.index).split('\n').length
      scripts.push({name: `${relative(ROOT, file)}:${line}`, text: m[1]})
    }
  }
  return scripts
}

describe('shell scan (the rules themselves)', () => {
  const bad: [string, string][] = [
    ['sed program with a value', `sed "s#$T/fpm.conf#$f_main#g" "$T/out"`],
    ['sed -e with a value', `sed -n -e "s/$x//p" file`],
    ['awk program with a value', `awk "{print $1 == \\"$want\\"}" f`],
    ['awk -v with a value', `ps -eo pid= | awk -v m="$1" '$2==m {print $1}'`],
    ['grep regex with a value', `grep -q " run=$RUN\\$" "$LOCK/owner"`],
    ['arithmetic on a read value', `printf '%s' "$SIZES" | while IFS='|' read -r f s; do tail -c +$((s + 1)) "$f"; done`],
    ['eval', `eval "x=$y"`],
    ['in a command substitution', `v=$(sed "s/$a/b/" f)`],
  ]
  for (const [what, script] of bad) {
    it(`flags ${what}`, () => {
      expect(scanShell('t', script).length).toBeGreaterThan(0)
    })
  }
  const good: [string, string][] = [
    ['literal sed with a quoted file', `sed -n 's/^x=//p' "$T/file"`],
    ['literal awk reading ENVIRON', `M="$1" awk '$2==ENVIRON["M"] {print $1}' "$f"`],
    ['grep -F with a value', `grep -qxF -- "$RUN" "$LOCK/run"`],
    ['arithmetic on a validated value', `case $s in '' | *[!0-9]*) s=0 ;; esac\ntail -c +$((s + 1)) "$f"`],
    ['arithmetic on a counter', `i=0\nwhile [ "$i" -lt 3 ]; do i=$((i + 1)); done`],
    ['arithmetic on a value checked by digits()', `s=$(stat -c %s -- "$f"); digits "$s" || s=0\necho $((s + 1))`],
    ['the clock inside arithmetic', `START=$(date +%s)\n[ $(( $(date +%s) - START )) -ge 3 ]`],
  ]
  for (const [what, script] of good) {
    it(`accepts ${what}`, () => {
      expect(scanShell('t', script)).toEqual([])
    })
  }
})

describe('scripts fleet runs as root on hosts', () => {
  const scripts = hostScripts()
  it('finds the probe and the reload phase scripts', () => {
    const names = scripts.map((s) => s.name)
    expect(names).toContain('src/probe/probe.sh')
    expect(names).toContain('src/probe/evidence.sh')
    expect(names.some((n) => n.startsWith('src/reload/verify.ts'))).toBe(true)
    expect(names.some((n) => n.startsWith('src/reload/lock.ts'))).toBe(true)
  })
  for (const script of scripts) {
    it(`${script.name}: no host value becomes program text`, () => {
      expect(scanShell(script.name, script.text).map((v) => `${v.script}+${v.line}: ${v.rule}\n    ${v.text}`)).toEqual([])
    })
  }
})
