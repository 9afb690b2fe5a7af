import type {AnyAuthMethod, AuthHandlerMiddleware, NextAuthHandler} from 'ssh2'
import type {KeyStore} from './key-store.js'

export interface AuthPlan {
  username: string
  /** Agent socket, when one exists. */
  agent?: string
  identityFiles: string[]
  keys: KeyStore
}

export interface AuthLog {
  /** What was offered, in order, for the failure message. */
  tried: string[]
  /** Identity files that could not be used, with why. */
  problems: string[]
}

/**
 * OpenSSH order: agent keys first, then identity files. Keys are fetched
 * lazily from the shared KeyStore, so a passphrase is only asked for when an
 * earlier method has not already got us in.
 */
export function makeAuthHandler(plan: AuthPlan, log: AuthLog): AuthHandlerMiddleware {
  const steps: (() => Promise<AnyAuthMethod | undefined>)[] = []
  if (plan.agent) {
    steps.push(async () => {
      log.tried.push('agent')
      return {type: 'agent' as const, username: plan.username, agent: plan.agent!}
    })
  }
  for (const file of plan.identityFiles) {
    steps.push(async () => {
      const loaded = await plan.keys.get(file)
      if ('problem' in loaded) {
        log.problems.push(`${file}: ${loaded.problem}`)
        return undefined
      }
      log.tried.push(file)
      return {type: 'publickey' as const, username: plan.username, key: loaded.key}
    })
  }
  let next = 0
  const advance = async (): Promise<AnyAuthMethod | false> => {
    while (next < steps.length) {
      const method = await steps[next++]()
      if (method) return method
    }
    return false
  }
  return (_methodsLeft, _partialSuccess, callback: NextAuthHandler) => {
    // ssh2 takes `false` as "nothing left" (-> 'All configured authentication methods failed'); its typings omit it.
    const done = callback as (method: AnyAuthMethod | false) => void
    advance().then(done, () => done(false))
  }
}
