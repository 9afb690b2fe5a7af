#!/usr/bin/env node
// Entry point: oclif finds the compiled commands through package.json's "oclif" section.
import {execute} from '@oclif/core'

// `fleet help check` is `fleet check --help` (oclif core has no help command of its own).
const args = process.argv.slice(2)
const argv = args[0] === 'help' ? [...args.slice(1), '--help'] : undefined

await execute({dir: import.meta.url, args: argv})
