import {defineConfig} from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Lab tests boot real hosts: give them room, and never run two lab files at once.
    testTimeout: 120_000,
    hookTimeout: 600_000,
    fileParallelism: false,
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
})
