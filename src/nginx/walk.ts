/** Depth-first walk of a config tree that hands each node its ancestor chain. */
import {directivesIn} from './block-index.js'
import type {NginxDirective} from './types.js'

export type Visitor = (node: NginxDirective, chain: NginxDirective[]) => void

/** `chain` holds the enclosing block directives, outermost first (not the node itself). */
export function walk(block: NginxDirective[], visit: Visitor, chain: NginxDirective[] = []): void {
  for (const node of block) {
    visit(node, chain)
    if (node.block) walk(node.block, visit, [...chain, node])
  }
}

/** Indexed (see block-index.ts): the same array every time, not to be modified. */
export const children = (node: NginxDirective | undefined, name: string): readonly NginxDirective[] => directivesIn(node?.block, name)

export const where = (d: {file: string; line: number}): string => `${d.file}:${d.line}`
