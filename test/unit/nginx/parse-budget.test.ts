/**
 * What a dump costs to parse is bounded by budgets, not by what the host sends:
 * a dump of tiny directives stops at MAX_DUMP_TOKENS, and includes that multiply
 * (a file included twice by a file included twice...) stop at MAX_TREE_DIRECTIVES.
 * Both are said in config.errors.
 */
import {describe, expect, it} from 'vitest'

import {parseNginxDump} from "../../../src/nginx/parse-dump.js"
const MAX_DUMP_TOKENS = 1_000_000, MAX_TREE_DIRECTIVES = 1_000_000
import {walk} from '../../../src/nginx/walk.js'

const count = (tree: Parameters<typeof walk>[0]): number => {
  let n = 0
  walk(tree, () => n++)
  return n
}

describe('parse budgets', () => {
  it('stops reading a dump of tiny directives at the token budget', () => {
    const dump = `# configuration file /c/nginx.conf:\n${'a;'.repeat(MAX_DUMP_TOKENS)}\n`
    const config = parseNginxDump(dump)
    expect(config.tree.length).toBeLessThanOrEqual(MAX_DUMP_TOKENS / 2)
    expect(config.errors.map((e) => e.error)).toContainEqual(expect.stringMatching(/^config too large: more than \d+ tokens/))
  })

  it('stops inlining includes that multiply past the directive budget', () => {
    const levels = 20
    const files = [`# configuration file /c/nginx.conf:\ninclude /c/f0.conf;\n`]
    for (let i = 0; i < levels; i++) files.push(`# configuration file /c/f${i}.conf:\ninclude /c/f${i + 1}.conf;\ninclude /c/f${i + 1}.conf;\n`)
    files.push(`# configuration file /c/f${levels}.conf:\nleaf on;\n`)
    const config = parseNginxDump(files.join(''))
    expect(2 ** (levels + 1)).toBeGreaterThan(MAX_TREE_DIRECTIVES)
    expect(count(config.tree)).toBeLessThanOrEqual(MAX_TREE_DIRECTIVES)
    expect(config.errors.map((e) => e.error)).toContainEqual(expect.stringMatching(/^config too large: more than \d+ directives/))
  })

  it('inlines an included file of 150,000 directives (spreading it into push() overflowed the stack)', () => {
    const dump = `# configuration file /c/nginx.conf:\nhttp { include /c/big.conf; }\n# configuration file /c/big.conf:\n${'a;'.repeat(150_000)}\n`
    const config = parseNginxDump(dump)
    expect(config.errors).toEqual([])
    expect(config.tree[0].block!.length).toBe(150_001)
  })

  it('refuses blocks nested deeper than real configs do, instead of overflowing the stack', () => {
    const dump = `# configuration file /c/nginx.conf:\n${'a {'.repeat(100_000)}${'}'.repeat(100_000)}\n`
    const config = parseNginxDump(dump)
    expect(config.errors.map((e) => e.error)).toEqual(['blocks nested more than 64 deep'])
    let depth = 0
    for (let node = config.tree[0]; node; node = node.block?.[0]) depth++
    expect(depth).toBeLessThanOrEqual(64)
  })

  it('a real config is far from either budget', () => {
    const lines = ['# configuration file /c/nginx.conf:', 'http {']
    for (let i = 0; i < 30_000; i++) lines.push(`server { listen 80; server_name s${i}; location / { try_files $uri =404; } }`)
    lines.push('}', '')
    expect(parseNginxDump(lines.join('\n')).errors).toEqual([])
  })
})
