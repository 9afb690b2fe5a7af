/** loadInventory: one file in, a fully validated Inventory out — or an InventoryError, never half. */
import {readFile} from 'node:fs/promises'
import {dirname} from 'node:path'
import {parseAnsibleIni} from './ansible-ini.js'
import {readAnsible} from './ansible.js'
import {detectFormat, inventorySyntax} from './detect-format.js'
import {InventoryError} from './errors.js'
import {readNative} from './native.js'
import {localContext, resolveHost} from './resolve-host.js'
import {defaultSshConfigPath, loadSshConfig, SshConfigError} from './ssh-config.js'
import type {SshContext} from './ssh-compute.js'
import type {GroupSpec, HostSpec, Inventory} from './types.js'
import {parseYamlSource} from './yaml-source.js'
import {addressProblem} from '../transport/host-pattern.js'
import {parseProxyJump} from '../transport/proxy-jump.js'

export interface LoadOptions {
  /** OpenSSH client config to merge; default `$HOME/.ssh/config`; a missing file is fine. */
  sshConfig?: string
  /** Local user and home, for tests; default from the process. */
  context?: SshContext
}

export async function loadInventory(file: string, options: LoadOptions = {}): Promise<Inventory> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (e) {
    throw new InventoryError(file, 1, 1, '', `cannot read inventory: ${(e as Error).message}`)
  }
  const yamlMapping = () => {
    try {
      const data = parseYamlSource(file, text).data
      return data !== null && typeof data === 'object' && !Array.isArray(data)
    } catch {
      return false
    }
  }
  let draft
  if (inventorySyntax(file, text, yamlMapping) === 'ini') {
    draft = readAnsible(parseAnsibleIni(file, text))
    if (draft.hosts.length === 0) throw new InventoryError(file, 1, 1, '', 'the inventory has no hosts')
  } else {
    const source = parseYamlSource(file, text)
    draft = detectFormat(source) === 'native' ? readNative(source) : readAnsible(source)
  }

  const sshPath = options.sshConfig ?? defaultSshConfigPath()
  let ssh
  try {
    ssh = loadSshConfig(sshPath)
  } catch (e) {
    if (e instanceof SshConfigError) throw new InventoryError(sshPath, 1, 1, '', e.message.replace(`${sshPath}: `, ''))
    throw e
  }
  const notes = new Set<string>()
  const opts = {ssh, ctx: options.context ?? localContext(), baseDir: dirname(file), notes}
  const hosts = new Map<string, HostSpec>(draft.hosts.map((d) => [d.name, resolveHost(d, opts)]))
  checkJumpHosts(file, hosts)
  const groups = new Map<string, GroupSpec>(draft.groups)
  return {file, format: draft.format, hosts, groups, warnings: [...draft.warnings, ...notes]}
}

/**
 * A ProxyJump hop that is not an inventory host is connected to by its own name, and
 * accept-new records that name in known_hosts: it must be a host name or IP address too.
 * (A hop that does not parse is reported when the host is contacted.)
 */
function checkJumpHosts(file: string, hosts: Map<string, HostSpec>): void {
  for (const host of hosts.values()) {
    if (!host.proxyJump || host.connection !== 'ssh') continue
    let hops
    try {
      hops = parseProxyJump(host.proxyJump)
    } catch {
      continue
    }
    for (const hop of hops) {
      const problem = hosts.has(hop.host) ? undefined : addressProblem(hop.host)
      if (!problem) continue
      const at = host.source ?? {file, line: 1, column: 1}
      throw new InventoryError(
        at.file,
        at.line,
        at.column,
        `${host.name}: ProxyJump`,
        `jump host ${JSON.stringify(hop.host)} is neither an inventory host nor a host name or IP address: ${problem}`,
      )
    }
  }
}
