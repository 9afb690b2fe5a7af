#!/usr/bin/env node
// Completion latency on a 1,000-host inventory: runs the bash completion for `--host` and
// `--group` as readline would (eval "$(fleet complete bash)", then the registered function)
// and prints the first (cold: the inventory is parsed) and the median (warm: names cached by
// file size/mtime/ctime) wall time. A figure to read, not a test: nothing is asserted.
// Usage: node scripts/bench-completion.mjs [HOSTS] [RUNS]   (after npm run build)
import {execFileSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

const hosts = Number(process.argv[2] ?? 1000)
const runs = Number(process.argv[3] ?? 7)
const bin = fileURLToPath(new URL('../bin/run.js', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'fleet-bench-compl-'))
try {
  mkdirSync(join(dir, 'bin'))
  symlinkSync(bin, join(dir, 'bin', 'fleet'))
  const lines = ['hosts:']
  for (let i = 1; i <= hosts; i++) lines.push(`  web${String(i).padStart(4, '0')}: {address: 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}}`)
  lines.push('groups:')
  for (let g = 0; g < 20; g++) {
    lines.push(`  dc${g}:`, '    hosts:')
    for (let i = g + 1; i <= hosts; i += 20) lines.push(`      - web${String(i).padStart(4, '0')}`)
  }
  writeFileSync(join(dir, 'inventory.yml'), `${lines.join('\n')}\n`)
  const env = {...process.env, PATH: `${join(dir, 'bin')}:${process.env.PATH}`, HOME: dir, XDG_CACHE_HOME: join(dir, 'cache'), NODE_ENV: 'production'}
  const setup = execFileSync('bash', ['-c', 'fleet complete bash'], {cwd: dir, env, encoding: 'utf8'})
  writeFileSync(join(dir, 'glue.bash'), setup)
  const once = (words) => {
    const script = `source ./glue.bash; COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); _fleet_complete; echo \${#COMPREPLY[@]}`
    const t = process.hrtime.bigint()
    const out = execFileSync('bash', ['-c', script, 'bash', ...words], {cwd: dir, env, encoding: 'utf8'})
    return {ms: Number(process.hrtime.bigint() - t) / 1e6, n: Number(out.trim())}
  }
  for (const words of [['fleet', 'check', '--host', 'web00'], ['fleet', 'check', '--group', ''], ['fleet', 'explain', '']]) {
    const times = []
    let n = 0
    for (let r = 0; r < runs; r++) ({ms: times[r], n} = once(words))
    const first = times[0]
    times.sort((a, b) => a - b)
    console.log(`${words.join(' ').padEnd(28)} ${hosts} hosts: first ${first.toFixed(0)} ms, median ${times[runs >> 1].toFixed(0)} ms (${n} candidates, ${runs} runs)`)
  }
} finally {
  rmSync(dir, {recursive: true, force: true})
}
