/**
 * The catalog is a contract (../shared/docs/checks.md): every ID there is implemented
 * with its severity, every check is registered, documented, and has a test file with
 * cases that fire and cases that must not (ESLint's rule check in its Makefile.js).
 */
import {existsSync, readFileSync, readdirSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

import {describe, expect, it} from 'vitest'

import {allCheckMetas, allChecks} from '../../../src/checks/index.js'

const repo = fileURLToPath(new URL('../../../', import.meta.url))
const catalogFile = `${repo}../shared/docs/checks.md`
const ruleFiles = readdirSync(`${repo}src/checks/rules`).filter((file) => file.endsWith('.ts'))

/** `| \`id\` | severity | ...` rows of the catalog's Checks table; `severity (new)` marks a row not shipped yet. */
function catalogRows(markdown: string): Array<{id: string; severity: string; wanted: boolean}> {
  return [...markdown.matchAll(/^\| `([a-z]+\/[a-z-]+)` \| (critical|warning|info)( \(new\))? \|/gm)].map((match) => ({
    id: match[1],
    severity: match[2],
    wanted: match[3] !== undefined,
  }))
}

describe('check catalog', () => {
  it.skipIf(!existsSync(catalogFile))('implements every catalog ID with its severity', () => {
    const rows = catalogRows(readFileSync(catalogFile, 'utf8'))
    expect(rows.length).toBeGreaterThan(20)
    const implemented = Object.fromEntries(allCheckMetas.map((meta) => [meta.id, meta.severity]))
    // A `(new)` row may already be implemented (its mark goes when the catalog is next edited): then with its severity.
    const expected = Object.fromEntries(rows.filter((row) => !row.wanted || row.id in implemented).map((row) => [row.id, row.severity]))
    expect(implemented).toEqual(expected)
  })

  it('lists checks alphabetically, each once', () => {
    const ids = allChecks.map((check) => check.meta.id)
    expect(ids).toEqual([...ids].sort())
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('registers every rule file', () => {
    // host-unreachable is made by the runner from transport errors, not from facts.
    const registered = new Set(allCheckMetas.map((meta) => meta.id.replace('/', '-')))
    expect(ruleFiles.map((file) => file.replace(/\.ts$/, '')).filter((name) => !registered.has(name))).toEqual([])
  })

  for (const meta of allCheckMetas) {
    describe(meta.id, () => {
      it('is documented for `fleet explain`', () => {
        expect(meta.summary.length).toBeGreaterThan(10)
        expect(meta.docs.description.length).toBeGreaterThan(40)
        expect(meta.docs.symptom.length).toBeGreaterThan(10)
        expect(meta.docs.fix.length).toBeGreaterThan(20)
        expect(Object.keys(meta.messages).length).toBeGreaterThan(0)
      })

      it.skipIf(meta.id === 'host/unreachable')('has a rule test with cases that fire and cases that must not', () => {
        const testFile = `${repo}test/unit/checks/rules/${meta.id.replace('/', '-')}.test.ts`
        expect(existsSync(testFile), testFile).toBe(true)
        const source = readFileSync(testFile, 'utf8')
        expect(source).toMatch(/valid: \[/)
        expect(source).toMatch(/invalid: \[/)
      })
    })
  }
})
