import type {NginxConfig} from '../nginx/types.js'
import type {HostFacts} from '../probe/facts.js'
import type {CheckContext} from './types.js'

/** The parsed nginx config, or undefined after saying why (a host without nginx needs no word). */
export function nginxConfigOrSkip(facts: HostFacts, context: CheckContext): NginxConfig | undefined {
  if (facts.nginx.config) return facts.nginx.config
  if (facts.nginx.installed) context.skip('nginx config could not be read')
  return undefined
}
