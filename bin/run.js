#!/usr/bin/env node
// Entry point: oclif finds the compiled commands through package.json's "oclif" section.
//
// Start-up matters (`fleet --help`, `fleet explain` answer at once: bench/startup.sh):
// - only oclif's executor is imported here, not @oclif/core's whole index;
// - @oclif/core checks its own Node engine range on import with semver (about 50 modules to
//   compare a version package.json's "engines" already states): off unless the user set it.
process.env.OCLIF_DISABLE_ENGINE_WARNING ??= '1'

// V8 settings for a process that lives seconds to minutes and judges many hosts, each kept
// unless the user set it (NODE_OPTIONS or node's own flags). Both are read by V8 as it runs,
// so setting them here works. Measured at 1,000 simulated hosts (bench/RESULTS.md):
// - heap-growing-percent: V8 lets the heap grow to 4x what survived the last full GC when its
//   heap limit is 2 GB or more (a machine with more than about 8 GB), 2x below that. fleet keeps
//   little (the reports) and allocates much that dies soon after (each host's output, parsed
//   and judged): peak RSS 265-390 MB at 4x, 200-250 MB at 2x, for the same CPU.
// - interrupt-budget: how much a function runs before V8 considers optimizing it. At V8's
//   default (66 KB of bytecode) TurboFan compiled 560 functions in a run, tens of ms each on
//   helper threads: more CPU than the controller's own judging. 8x lets only the hot ones
//   through: 0.5-0.7 s less CPU, the same wall time.
const {setFlagsFromString} = await import('node:v8')
const userFlags = `${process.env.NODE_OPTIONS ?? ''} ${process.execArgv.join(' ')}`
for (const [flag, value] of [
  ['heap-growing-percent', 100],
  ['interrupt-budget', 8 * 66 * 1024],
]) {
  if (!userFlags.includes(flag)) setFlagsFromString(`--${flag}=${value}`)
}

const {execute} = await import('@oclif/core/execute')

// `fleet help check` is `fleet check --help` (oclif core has no help command of its own).
const args = process.argv.slice(2)
const argv = args[0] === 'help' ? [...args.slice(1), '--help'] : undefined

await execute({dir: import.meta.url, args: argv})
