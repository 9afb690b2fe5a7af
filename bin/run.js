#!/usr/bin/env node
// Entry point: oclif finds the compiled commands through package.json's "oclif" section.
//
// Start-up matters (`fleet --help`, `fleet explain` answer at once: bench/startup.sh):
// - only oclif's executor is imported here, not @oclif/core's whole index;
// - @oclif/core checks its own Node engine range on import with semver (about 50 modules to
//   compare a version package.json's "engines" already states): off unless the user set it.
process.env.OCLIF_DISABLE_ENGINE_WARNING ??= '1'

// Memory: V8 lets the heap grow to 4x what survived the last full GC when its heap limit is
// 2 GB or more (a machine with more than about 8 GB), 2x below that. fleet keeps little (the
// reports) and allocates much that dies soon after (each host's output, parsed and judged),
// so 4x is mostly garbage: at 1,000 simulated hosts peak RSS was 265-390 MB at 4x and
// 200-250 MB at 2x, for the same CPU (bench/RESULTS.md). The factor is read at each GC, so
// setting it here works; a user's own --heap-growing-percent (NODE_OPTIONS) wins.
const {setFlagsFromString} = await import('node:v8')
if (!`${process.env.NODE_OPTIONS ?? ''} ${process.execArgv.join(' ')}`.includes('heap-growing-percent')) setFlagsFromString('--heap-growing-percent=100')
const {execute} = await import('@oclif/core/execute')

// `fleet help check` is `fleet check --help` (oclif core has no help command of its own).
const args = process.argv.slice(2)
const argv = args[0] === 'help' ? [...args.slice(1), '--help'] : undefined

await execute({dir: import.meta.url, args: argv})
