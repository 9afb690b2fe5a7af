#!/usr/bin/env node
// Entry point: oclif finds the compiled commands through package.json's "oclif" section.
import {execute} from '@oclif/core'

await execute({dir: import.meta.url})
