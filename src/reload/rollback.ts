/**
 * Rollback of one host: restore the rollback point over the config dir (the failed tree is kept
 * under /var/lib/fleet/nginx-failed/ for inspection), reload, and verify against the same baseline.
 */
import type {Transport} from '../transport/types.js'
import type {VerifyResult} from './types.js'
import {reloadAndVerify, type ReloadContext} from './verify.js'

export async function rollback(transport: Transport, ctx: Omit<ReloadContext, 'restore'>, rollbackHash: string): Promise<VerifyResult> {
  return reloadAndVerify(transport, {...ctx, restore: rollbackHash})
}
