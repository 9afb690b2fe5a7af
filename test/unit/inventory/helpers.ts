import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {expect} from 'vitest'

import {InventoryError, loadInventory} from '../../../src/inventory/index.js'

export const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/inventory/${name}`, import.meta.url))

/** A fresh temp dir standing in for $HOME. */
export const tempHome = () => mkdtempSync(join(tmpdir(), 'fleet-inv-'))

export function writeTemp(dir: string, name: string, text: string): string {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

/** Loads with a fixed local user and home, and an ssh config (missing by default). */
export function load(file: string, home: string, sshConfig = join(home, 'no-ssh-config'), localUser = 'alice') {
  return loadInventory(file, {sshConfig, context: {home, localUser}})
}

/**
 * Writes `yaml` (and an ssh config, when given) to a fresh home, loads it, and returns the
 * InventoryError it must fail with (naming that file).
 */
export async function loadError(yaml: string[], sshConfig?: string[]): Promise<InventoryError> {
  const home = tempHome()
  const file = writeTemp(home, 'inventory.yml', yaml.join('\n') + '\n')
  const ssh = sshConfig ? writeTemp(home, 'ssh_config', sshConfig.join('\n') + '\n') : join(home, 'none')
  const err = await load(file, home, ssh).then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(InventoryError)
  expect((err as InventoryError).file).toBe(file)
  return err as InventoryError
}
