#!/usr/bin/env node
// Entry point: oclif finds the compiled commands through package.json's "oclif" section.
//
// Start-up matters (`fleet --help`, `fleet explain` answer at once: bench/startup.sh):
// - only oclif's executor is imported here, not @oclif/core's whole index;
// - @oclif/core checks its own Node engine range on import with semver (about 50 modules to
//   compare a version package.json's "engines" already states): off unless the user set it.
process.env.OCLIF_DISABLE_ENGINE_WARNING ??= '1'
const {execute} = await import('@oclif/core/execute')

// `fleet help check` is `fleet check --help` (oclif core has no help command of its own).
const args = process.argv.slice(2)
const argv = args[0] === 'help' ? [...args.slice(1), '--help'] : undefined

await execute({dir: import.meta.url, args: argv})
