/**
 * The value of a directive in force at a node chain, with nginx's
 * inheritance: the innermost level that sets it wins; array directives
 * (see ARRAY_GROUPS) are replaced as a whole by a level that sets any of them.
 */
import {groupIn} from './block-index.js'
import {DIRECTIVE_DEFAULTS, MAIN_INHERITED} from './directive-table.js'
import type {NginxConfig, NginxDirective} from './types.js'

export interface DirectiveValue {
  directive: string
  args: string[]
  file: string
  line: number
}

export interface EffectiveValue {
  /** Args of the (first) directive in force; the default's args if none; [] if no default. */
  args: string[]
  file: string | null
  line: number | null
  /** Set at a level above the last node of the chain. */
  inherited: boolean
  /** Nothing set anywhere on the chain: args are nginx's default. */
  isDefault: boolean
  /** Every directive in force at the winning level (several for array directives). */
  values: DirectiveValue[]
}

/**
 * `chain`: block nodes outermost first, e.g. [http, server, location, if]
 * (ServerInfo.chain, LocationInfo.chain). An empty chain asks the main context.
 */
export function effective(config: NginxConfig, chain: NginxDirective[], directive: string): EffectiveValue {
  const levels: NginxDirective[][] = chain.map((n) => n.block ?? [])
  if (chain.length === 0 || MAIN_INHERITED.has(directive)) levels.unshift(config.tree)
  for (let i = levels.length - 1; i >= 0; i--) {
    const found = groupIn(levels[i], directive)
    if (found.length === 0) continue
    const values = found.map(({directive: name, args, file, line}) => ({directive: name, args, file, line}))
    const first = values.find((v) => v.directive === directive) ?? values[0]
    return {args: first.args, file: first.file, line: first.line, inherited: i !== levels.length - 1, isDefault: false, values}
  }
  return {args: DIRECTIVE_DEFAULTS[directive] ?? [], file: null, line: null, inherited: false, isDefault: true, values: []}
}
